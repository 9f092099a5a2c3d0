package io.ragfit.corpus;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.ragfit.corpus.IngestionProgress.Problem;
import io.ragfit.corpus.IngestionProgress.Status;
import io.ragfit.embedding.EmbeddingModel;
import io.ragfit.store.Database;
import io.ragfit.store.Instance;
import io.ragfit.store.Json;
import io.ragfit.store.Rows;
import io.ragfit.store.Values;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Corpora, their ingestions and their questions in PostgreSQL: upserts, so that loading a file again replaces
 * what it loaded before. An ingestion runs under a lease naming its instance, and records its progress as it
 * goes, so every instance can show it, cancel it, or take it over.
 */
@ApplicationScoped
class CorpusRepository {

    private static final String CORPUS_COLUMNS = "id, chunk_size, chunk_overlap, embedding_model, dimensions, created_at";
    private static final String INGESTION_COLUMNS = "id, corpus_id, format, source, status, bytes_total, bytes_read,"
            + " source_records, documents, questions, chunks, failed_chunks, malformed, problems, error, started_at,"
            + " finished_at, path, staged, format_detected, duplicate_documents, max_malformed_share";
    private static final TypeReference<List<ReferenceAnswer>> ANSWERS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> IDS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };
    private static final TypeReference<List<Problem>> PROBLEMS = new TypeReference<>() {
    };

    /** An ingestion as stored, with the file it reads (to take it over). */
    record StoredIngestion(IngestionProgress progress, String path, boolean staged) {
    }

    private final Database database;
    private final Instance instance;

    CorpusRepository(Database database, Instance instance) {
        this.database = database;
        this.instance = instance;
    }

    Uni<Optional<Corpus>> find(String id) {
        return database.query("SELECT " + CORPUS_COLUMNS + " FROM corpus WHERE id = $1", Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(corpus(rows.iterator().next())));
    }

    Uni<List<Corpus>> list() {
        return database.query("SELECT " + CORPUS_COLUMNS + " FROM corpus ORDER BY id")
                .map(rows -> Rows.list(rows, CorpusRepository::corpus));
    }

    /** Creates the corpus unless it exists; either way returns the corpus as stored. */
    Uni<Corpus> createIfAbsent(Corpus corpus) {
        return database.query("INSERT INTO corpus (" + CORPUS_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)"
                + " ON CONFLICT (id) DO NOTHING", Tuple.of(corpus.id(), corpus.chunkSize(), corpus.chunkOverlap(),
                        corpus.model().name(), corpus.model().dimensions(), corpus.createdAt().atOffset(ZoneOffset.UTC)))
                .chain(() -> find(corpus.id()))
                .map(Optional::orElseThrow);
    }

    /** The corpus with its questions and the record of its ingestions. */
    Uni<Void> delete(String id) {
        return database.inTransaction(sql -> sql.query("DELETE FROM ingestion WHERE corpus_id = $1", Tuple.of(id))
                .chain(() -> sql.query("DELETE FROM corpus WHERE id = $1", Tuple.of(id)))).replaceWithVoid();
    }

    /**
     * The corpus, if it holds no question and no ingestion runs into it (one may have started meanwhile, on any
     * instance); the record of its ingestions stays. True when it was removed.
     */
    Uni<Boolean> deleteIfEmptyAndIdle(String id) {
        return database.query("DELETE FROM corpus c WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM corpus_question q"
                + " WHERE q.corpus_id = c.id) AND NOT EXISTS (SELECT 1 FROM ingestion i WHERE i.corpus_id = c.id"
                + " AND i.status = 'RUNNING')", Tuple.of(id)).map(deleted -> deleted.rowCount() == 1);
    }

    Uni<Void> upsertQuestions(String corpus, List<Question> questions) {
        // one statement may not touch a row twice: of a question listed twice, the last stands, as when loaded twice
        Map<String, Question> byId = new java.util.LinkedHashMap<>();
        questions.forEach(question -> byId.put(question.id(), question));
        List<Tuple> rows = byId.values().stream()
                .map(question -> Tuple.tuple(List.of(corpus, question.id(), question.text(), question.type().name(),
                        Json.write(question.answers()), Json.write(question.goldDocumentIds()), Json.write(question.metadata()))))
                .toList();
        return database.query("INSERT INTO corpus_question (corpus_id, id, text, type, answers, gold_document_ids,"
                + " metadata) VALUES " + Values.rows(rows.size(), "(?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)")
                + " ON CONFLICT (corpus_id, id) DO UPDATE SET text = EXCLUDED.text, type = EXCLUDED.type,"
                + " answers = EXCLUDED.answers, gold_document_ids = EXCLUDED.gold_document_ids,"
                + " metadata = EXCLUDED.metadata", Values.flatten(rows))
                .replaceWithVoid();
    }

    Uni<List<Question>> questions(String corpus) {
        return database.query("SELECT id, text, type, answers, gold_document_ids, metadata FROM corpus_question"
                + " WHERE corpus_id = $1 ORDER BY id", Tuple.of(corpus))
                .map(rows -> Rows.list(rows, row -> new Question(row.getString("id"), row.getString("text"),
                        QuestionType.valueOf(row.getString("type")),
                        Json.read(row.getValue("answers").toString(), ANSWERS),
                        Json.read(row.getValue("gold_document_ids").toString(), IDS),
                        Json.read(row.getValue("metadata").toString(), METADATA))));
    }

    Uni<Long> countQuestions(String corpus) {
        return database.query("SELECT count(*) FROM corpus_question WHERE corpus_id = $1", Tuple.of(corpus))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Ingestions running now, on every instance. */
    Uni<Long> runningIngestions() {
        return database.query("SELECT count(*) AS running FROM ingestion WHERE status = 'RUNNING'")
                .map(rows -> rows.iterator().next().getLong("running"));
    }

    /**
     * Records a new ingestion, leased to this instance; false when {@code maxRunning} run already (nothing recorded);
     * fails with a conflict when one runs in the corpus already.
     */
    Uni<Boolean> startIngestion(IngestionProgress progress, IngestionSource source, int maxRunning) {
        IngestionCounts counts = progress.counts();
        List<Object> values = new ArrayList<>(Arrays.asList(progress.id(), progress.corpus(), progress.format(),
                progress.source(), progress.status().name(), progress.pace().bytesTotal(), progress.pace().bytesRead(),
                counts.sourceRecords(), counts.documents(), counts.questions(), counts.chunks(), counts.failedChunks(),
                counts.malformed(), Json.write(progress.problems()), progress.error(), utc(progress.startedAt()), null,
                source.file().toString(), source.staged(), Boolean.TRUE.equals(progress.formatDetected()),
                counts.duplicateDocuments(), progress.maxMalformedShare(), instance.id()));
        values.add(maxRunning);
        return database.query("INSERT INTO ingestion (" + INGESTION_COLUMNS + ", lease_owner, attempts) SELECT "
                + "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, $18, $19, $20, $21,"
                + " $22, $23, 1 WHERE (SELECT count(*) FROM ingestion WHERE status = 'RUNNING') < $24",
                Tuple.tuple(values))
                .onFailure(PgException.class).transform(failure -> "23505".equals(((PgException) failure).getSqlState())
                        ? new CorpusConflictException("an ingestion into corpus '" + progress.corpus()
                                + "' is already running; wait for it or cancel it")
                        : failure)
                .map(inserted -> inserted.rowCount() == 1);
    }

    /**
     * Records how far an ingestion this instance runs has come. False when it must stop: cancelled (by a request
     * to any instance), taken over by another instance, or its corpus deleted.
     */
    Uni<Boolean> saveProgress(IngestionProgress progress) {
        IngestionCounts counts = progress.counts();
        return database.query("UPDATE ingestion SET bytes_read = $2, source_records = $3, documents = $4, questions = $5,"
                + " chunks = $6, failed_chunks = $7, malformed = $8, problems = $9::jsonb, format = $11,"
                + " duplicate_documents = $12 WHERE id = $1 AND status = 'RUNNING'"
                + " AND lease_owner = $10 RETURNING cancel_requested", Tuple.tuple(Arrays.asList(progress.id(),
                        progress.pace().bytesRead(), counts.sourceRecords(), counts.documents(), counts.questions(),
                        counts.chunks(), counts.failedChunks(), counts.malformed(), Json.write(progress.problems()),
                        instance.id(), progress.format(), counts.duplicateDocuments())))
                .map(rows -> rows.size() == 1 && !rows.iterator().next().getBoolean("cancel_requested"));
    }

    /** Records how an ingestion this instance runs ended, and releases its lease. */
    Uni<Void> finishIngestion(IngestionProgress progress) {
        IngestionCounts counts = progress.counts();
        return database.query("UPDATE ingestion SET status = $2, bytes_read = $3, source_records = $4, documents = $5,"
                + " questions = $6, chunks = $7, failed_chunks = $8, malformed = $9, problems = $10::jsonb, error = $11,"
                + " format = $13, duplicate_documents = $14,"
                + " finished_at = now(), lease_owner = NULL WHERE id = $1 AND status = 'RUNNING' AND lease_owner = $12",
                Tuple.tuple(Arrays.asList(progress.id(), progress.status().name(), progress.pace().bytesRead(),
                        counts.sourceRecords(), counts.documents(), counts.questions(), counts.chunks(),
                        counts.failedChunks(), counts.malformed(), Json.write(progress.problems()),
                        Values.text(progress.error()), instance.id(), progress.format(), counts.duplicateDocuments())))
                .replaceWithVoid();
    }

    Uni<Optional<IngestionProgress>> latestIngestion(String corpus) {
        return database.query("SELECT " + INGESTION_COLUMNS + " FROM ingestion WHERE corpus_id = $1"
                + " ORDER BY started_at DESC LIMIT 1", Tuple.of(corpus))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ingestion(rows.iterator().next()).progress()));
    }

    /**
     * Asks the running ingestion of a corpus to stop; its instance stops it within a second. One whose instance
     * stopped is cancelled at once. False when none runs.
     */
    Uni<Boolean> requestCancel(String corpus) {
        return database.query("UPDATE ingestion SET cancel_requested = true,"
                + " status = CASE WHEN " + instance.leaseFree("lease_owner") + " THEN 'CANCELLED' ELSE status END,"
                + " error = CASE WHEN " + instance.leaseFree("lease_owner") + " THEN 'cancelled' ELSE error END,"
                + " finished_at = CASE WHEN " + instance.leaseFree("lease_owner") + " THEN now() ELSE finished_at END"
                + " WHERE corpus_id = $1 AND status = 'RUNNING'", Tuple.of(corpus))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Leases to this instance one running ingestion nobody runs, if there is one: leased to this instance, which
     * does not run it ({@code runningHere}: the lease was taken, the answer lost with the database), or, unless
     * this instance is just back from an outage, leased to an instance that stopped.
     */
    Uni<Optional<StoredIngestion>> takeOverOrphan(Collection<UUID> runningHere) {
        String orphaned = "(lease_owner = $1 AND id <> ALL($2)"
                + (instance.mayTakeOver() ? " OR " + instance.leaseFree("lease_owner") : "") + ")";
        return database.query("UPDATE ingestion SET lease_owner = $1, attempts = attempts + 1 WHERE id = ("
                + "SELECT id FROM ingestion WHERE status = 'RUNNING' AND " + orphaned
                + " ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + INGESTION_COLUMNS,
                Tuple.of(instance.id(), runningHere.toArray(UUID[]::new)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ingestion(rows.iterator().next())));
    }

    private static Corpus corpus(Row row) {
        return new Corpus(row.getString("id"), row.getInteger("chunk_size"), row.getInteger("chunk_overlap"),
                new EmbeddingModel(row.getString("embedding_model"), row.getInteger("dimensions")),
                row.getOffsetDateTime("created_at").toInstant());
    }

    private static StoredIngestion ingestion(Row row) {
        OffsetDateTime finished = row.getOffsetDateTime("finished_at");
        OffsetDateTime started = row.getOffsetDateTime("started_at");
        double elapsed = ((finished == null ? OffsetDateTime.now() : finished).toInstant().toEpochMilli()
                - started.toInstant().toEpochMilli()) / 1000.0;
        IngestionCounts counts = new IngestionCounts(row.getLong("source_records"), row.getLong("documents"),
                row.getLong("duplicate_documents"), row.getLong("questions"), row.getLong("chunks"),
                row.getLong("failed_chunks"), row.getLong("malformed"));
        IngestionProgress progress = new IngestionProgress(row.getUUID("id"), row.getString("corpus_id"),
                row.getString("format"), row.getBoolean("format_detected") ? Boolean.TRUE : null, row.getString("source"),
                // a stored row's counts may be minutes old (or frozen, its instance gone): no estimate from them
                Status.valueOf(row.getString("status")), counts, IngestionPace.of(row.getLong("bytes_read"), row.getLong("bytes_total"), counts.chunks(),
                        elapsed, false),
                row.getDouble("max_malformed_share"), Json.read(row.getValue("problems").toString(), PROBLEMS),
                row.getString("error"), started.toInstant(), finished == null ? null : finished.toInstant());
        return new StoredIngestion(progress, row.getString("path"), Boolean.TRUE.equals(row.getBoolean("staged")));
    }

    private static OffsetDateTime utc(java.time.Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
