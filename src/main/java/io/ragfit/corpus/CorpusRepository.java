package io.ragfit.corpus;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragfit.corpus.IngestionProgress.Problem;
import io.ragfit.corpus.IngestionProgress.Status;
import io.ragfit.embedding.EmbeddingModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Corpora, their ingestions and their questions in PostgreSQL, through the reactive pool: plain SQL
 * that any thread of the ingestion pipeline may call, and upserts so that loading a file again
 * replaces what it loaded before.
 */
@ApplicationScoped
class CorpusRepository {

    private static final String CORPUS_COLUMNS = "id, chunk_size, chunk_overlap, embedding_model, dimensions, created_at";
    private static final String INGESTION_COLUMNS = "id, corpus_id, format, source, status, bytes_total, bytes_read,"
            + " source_records, documents, questions, chunks, failed_chunks, malformed, problems, error, started_at,"
            + " finished_at";

    private final Pool pool;
    private final ObjectMapper mapper;

    CorpusRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    Uni<Optional<Corpus>> find(String id) {
        return pool.preparedQuery("SELECT " + CORPUS_COLUMNS + " FROM corpus WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(corpus(rows.iterator().next())));
    }

    Uni<List<Corpus>> list() {
        return pool.query("SELECT " + CORPUS_COLUMNS + " FROM corpus ORDER BY id")
                .execute()
                .map(rows -> {
                    List<Corpus> corpora = new java.util.ArrayList<>();
                    rows.forEach(row -> corpora.add(corpus(row)));
                    return corpora;
                });
    }

    /** Creates the corpus unless it exists; either way returns the corpus as stored. */
    Uni<Corpus> createIfAbsent(Corpus corpus) {
        return pool.preparedQuery("INSERT INTO corpus (" + CORPUS_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6)"
                + " ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(corpus.id(), corpus.chunkSize(), corpus.chunkOverlap(), corpus.model().name(),
                        corpus.model().dimensions(), corpus.createdAt().atOffset(ZoneOffset.UTC)))
                .chain(() -> find(corpus.id()))
                .map(Optional::orElseThrow);
    }

    Uni<Void> delete(String id) {
        return pool.preparedQuery("DELETE FROM corpus WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    Uni<Void> upsertQuestions(String corpus, List<Question> questions) {
        List<Tuple> rows = questions.stream()
                .map(question -> Tuple.tuple(List.of(corpus, question.id(), question.text(), question.type().name(),
                        json(question.answers()), json(question.goldDocumentIds()), json(question.metadata()))))
                .toList();
        return pool.preparedQuery("INSERT INTO corpus_question (corpus_id, id, text, type, answers, gold_document_ids,"
                + " metadata) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb)"
                + " ON CONFLICT (corpus_id, id) DO UPDATE SET text = EXCLUDED.text, type = EXCLUDED.type,"
                + " answers = EXCLUDED.answers, gold_document_ids = EXCLUDED.gold_document_ids,"
                + " metadata = EXCLUDED.metadata")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    Uni<List<Question>> questions(String corpus) {
        return pool.preparedQuery("SELECT id, text, type, answers, gold_document_ids, metadata FROM corpus_question"
                + " WHERE corpus_id = $1 ORDER BY id")
                .execute(Tuple.of(corpus))
                .map(rows -> {
                    List<Question> questions = new java.util.ArrayList<>();
                    rows.forEach(row -> questions.add(new Question(row.getString("id"), row.getString("text"),
                            QuestionType.valueOf(row.getString("type")),
                            read(row.getValue("answers").toString(), new TypeReference<List<Answer>>() {
                            }),
                            read(row.getValue("gold_document_ids").toString(), new TypeReference<List<String>>() {
                            }),
                            read(row.getValue("metadata").toString(), new TypeReference<java.util.Map<String, String>>() {
                            }))));
                    return questions;
                });
    }

    Uni<Long> countQuestions(String corpus) {
        return pool.preparedQuery("SELECT count(*) FROM corpus_question WHERE corpus_id = $1")
                .execute(Tuple.of(corpus))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    Uni<Void> saveIngestion(IngestionProgress progress) {
        Tuple values = Tuple.tuple(List.of(progress.id(), progress.corpus(), progress.format(), progress.source(),
                progress.status().name(), progress.bytesTotal(), progress.bytesRead(), progress.sourceRecords(),
                progress.documents(), progress.questions(), progress.chunks(), progress.failedChunks(),
                progress.malformed(), json(progress.problems())));
        values.addString(progress.error());
        values.addOffsetDateTime(progress.startedAt().atOffset(ZoneOffset.UTC));
        values.addOffsetDateTime(progress.finishedAt() == null ? null : progress.finishedAt().atOffset(ZoneOffset.UTC));
        return pool.preparedQuery("INSERT INTO ingestion (" + INGESTION_COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7,"
                + " $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17) ON CONFLICT (id) DO UPDATE SET"
                + " status = EXCLUDED.status, bytes_read = EXCLUDED.bytes_read, source_records = EXCLUDED.source_records,"
                + " documents = EXCLUDED.documents, questions = EXCLUDED.questions, chunks = EXCLUDED.chunks,"
                + " failed_chunks = EXCLUDED.failed_chunks, malformed = EXCLUDED.malformed,"
                + " problems = EXCLUDED.problems, error = EXCLUDED.error, finished_at = EXCLUDED.finished_at")
                .execute(values)
                .replaceWithVoid();
    }

    Uni<Optional<IngestionProgress>> latestIngestion(String corpus) {
        return pool.preparedQuery("SELECT " + INGESTION_COLUMNS + " FROM ingestion WHERE corpus_id = $1"
                + " ORDER BY started_at DESC LIMIT 1")
                .execute(Tuple.of(corpus))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ingestion(rows.iterator().next())));
    }

    /** Marks as interrupted the ingestions a stopped service left running; returns how many. */
    Uni<Integer> interruptRunning() {
        return pool.preparedQuery("UPDATE ingestion SET status = $1, error = $2, finished_at = now() WHERE status = $3")
                .execute(Tuple.of(Status.INTERRUPTED.name(),
                        "the service stopped while this ingestion ran; ingest the same file again to complete it",
                        Status.RUNNING.name()))
                .map(rows -> rows.rowCount());
    }

    private static Corpus corpus(Row row) {
        return new Corpus(row.getString("id"), row.getInteger("chunk_size"), row.getInteger("chunk_overlap"),
                new EmbeddingModel(row.getString("embedding_model"), row.getInteger("dimensions")),
                row.getOffsetDateTime("created_at").toInstant());
    }

    private IngestionProgress ingestion(Row row) {
        OffsetDateTime finished = row.getOffsetDateTime("finished_at");
        OffsetDateTime started = row.getOffsetDateTime("started_at");
        double elapsed = (finished == null ? 0 : finished.toInstant().toEpochMilli() - started.toInstant().toEpochMilli())
                / 1000.0;
        long chunks = row.getLong("chunks");
        return new IngestionProgress(row.getUUID("id"), row.getString("corpus_id"), row.getString("format"),
                row.getString("source"), Status.valueOf(row.getString("status")), row.getLong("bytes_read"),
                row.getLong("bytes_total"), row.getLong("source_records"), row.getLong("documents"),
                row.getLong("questions"), chunks, row.getLong("failed_chunks"), row.getLong("malformed"),
                elapsed > 0 ? chunks / elapsed : 0, null, elapsed,
                read(row.getValue("problems").toString(), new TypeReference<List<Problem>>() {
                }), row.getString("error"), started.toInstant(), finished == null ? null : finished.toInstant());
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read stored JSON " + json, e);
        }
    }
}
