package io.ragfit.evaluation;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.evaluation.QuestionRecord.State;
import io.ragfit.store.Database;
import io.ragfit.store.Instance;
import io.ragfit.store.Json;
import io.ragfit.store.Rows;
import io.ragfit.store.Sql;
import io.ragfit.store.Values;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The question table as a work queue shared by every instance. A question is taken up under a lease naming this
 * instance; a question nobody holds (queued by a batch, or left by an instance whose heartbeat stopped) is taken
 * up by whichever instance asks first. Each question's state only moves forward: a completed or cancelled
 * question is never taken up again, a failed one only when it is submitted again.
 */
@ApplicationScoped
public class QuestionQueue {

    public static final String COLUMNS = "run_id, id, batch_id, text, corpus, question_type, answers, metadata, state, error,"
            + " received_at, completed_at, attempts, trace_parent";
    private static final String INSERT = "INSERT INTO question (run_id, id, batch_id, text, corpus, question_type, answers,"
            + " metadata, trace_parent, state, received_at, lease_owner, attempts) VALUES ";
    private static final TypeReference<List<ReferenceAnswer>> REFERENCES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final Database database;
    private final Instance instance;
    private final TopicRecords topics;

    QuestionQueue(Database database, Instance instance, TopicRecords topics) {
        this.database = database;
        this.instance = instance;
        this.topics = topics;
    }

    /**
     * Stores a question that just arrived and leases it to this instance. Returns it as stored, or null when there
     * is nothing to do: it has completed or was cancelled, or another live instance works on it. A question that
     * failed is taken up again; asked differently this time, it starts afresh. The caller does not work on this
     * question now: one leased to this instance already is taken up again (its lease was taken, but the answer
     * was lost with the database).
     */
    public Uni<QuestionRecord> accept(QuestionRecord incoming) {
        return database.query(INSERT + Values.rows(1, "(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'RUNNING', now(), ?, 1)")
                + " ON CONFLICT (run_id, id) DO NOTHING RETURNING " + COLUMNS, values(incoming, true))
                .chain(inserted -> inserted.size() == 1 ? Uni.createFrom().item(question(inserted.iterator().next()))
                        : database.inTransaction(sql -> takeUp(sql, incoming)));
    }

    private Uni<QuestionRecord> takeUp(Sql sql, QuestionRecord incoming) {
        QuestionKey key = incoming.key();
        return sql.query("SELECT " + COLUMNS + ", lease_owner, " + instance.leaseFree("lease_owner")
                + " AS lease_free FROM question WHERE run_id = $1 AND id = $2 FOR UPDATE",
                Tuple.of(key.runId(), key.questionId()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        // deleted meanwhile (its run or batch went): nothing to take up
                        return Uni.createFrom().nullItem();
                    }
                    Row row = rows.iterator().next();
                    QuestionRecord stored = question(row);
                    if (incoming.batchId() == null && stored.batchId() != null) {
                        throw new InvalidRunException("question '" + key.questionId() + "' belongs to batch "
                                + stored.batchId() + ": only that batch may take it up again (POST /batches/"
                                + stored.batchId() + "/retry)", true);
                    }
                    if (stored.state() == State.FAILED && !stored.sameAsked(incoming)) {
                        // a different question under the same id: what the failed one had is dropped with it
                        return sql.query("DELETE FROM question WHERE run_id = $1 AND id = $2",
                                Tuple.of(key.runId(), key.questionId()))
                                .chain(() -> sql.query(INSERT + Values.rows(1, "(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'RUNNING', now(), ?, 1)")
                                        + " RETURNING " + COLUMNS, values(incoming, true)))
                                .map(QuestionQueue::first);
                    }
                    boolean free = stored.state() == State.FAILED || !stored.state().terminal()
                            && (row.getBoolean("lease_free") || instance.id().equals(row.getUUID("lease_owner")));
                    if (!free) {
                        return Uni.createFrom().nullItem();
                    }
                    return sql.query("UPDATE question SET state = 'RUNNING', lease_owner = $3, attempts = attempts + 1,"
                            + " error = NULL, completed_at = NULL, batch_id = coalesce($4, batch_id),"
                            + " trace_parent = coalesce($5, trace_parent)"
                            + " WHERE run_id = $1 AND id = $2 RETURNING " + COLUMNS,
                            Tuple.of(key.runId(), key.questionId(), instance.id(), incoming.batchId(), incoming.traceParent()))
                            .map(QuestionQueue::first);
                });
    }

    /**
     * Leases to this instance up to {@code max} questions nobody works on, oldest first: those queued by batches;
     * those leased to this instance that it does not work on ({@code busyHere}: the lease was taken, the answer
     * lost with the database); and, unless this instance is just back from an outage, those whose owner stopped.
     */
    public Uni<List<QuestionRecord>> claimWaiting(int max, Collection<QuestionKey> busyHere) {
        String free = "(lease_owner IS NULL OR lease_owner = $1 AND NOT (run_id::text || '/' || id = ANY($3))"
                + (instance.mayTakeOver() ? " OR " + instance.leaseFree("lease_owner") : "") + ")";
        String[] busy = busyHere.stream().map(key -> key.runId() + "/" + key.questionId()).toArray(String[]::new);
        return database.query("UPDATE question q SET state = 'RUNNING', lease_owner = $1, attempts = q.attempts + 1"
                + " FROM (SELECT run_id, id FROM question WHERE state IN ('PENDING', 'RUNNING') AND " + free
                + " ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED) waiting"
                + " WHERE q.run_id = waiting.run_id AND q.id = waiting.id RETURNING "
                + prefixed("q.", COLUMNS), Tuple.of(instance.id(), max, busy))
                .map(rows -> Rows.list(rows, QuestionQueue::question));
    }

    /** Queues questions of a batch, in the transaction that stores the batch: stored is queued. */
    public Uni<Void> enqueue(Sql sql, List<QuestionRecord> questions) {
        int perStatement = 1000;
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < questions.size(); from += perStatement) {
            List<QuestionRecord> slice = questions.subList(from, Math.min(questions.size(), from + perStatement));
            chain = chain.chain(() -> sql.query(INSERT + Values.rows(slice.size(),
                    "(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'PENDING', now(), ?, 0)"),
                    Values.flatten(slice.stream().map(question -> values(question, false)).toList())).replaceWithVoid());
        }
        return chain;
    }

    /**
     * Ends a question that cannot be processed, with the reason, and puts it on the dead-letter topic. Nothing when
     * it has ended already (completed by another instance meanwhile, cancelled).
     */
    public Uni<Void> fail(QuestionKey key, String reason) {
        return database.inTransaction(sql -> sql.query("UPDATE question SET state = 'FAILED', error = $3,"
                + " completed_at = now(), lease_owner = NULL WHERE run_id = $1 AND id = $2 AND state IN ('PENDING', 'RUNNING')"
                + " RETURNING " + COLUMNS, Tuple.of(key.runId(), key.questionId(), Values.text(reason)))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().voidItem()
                        : Outbox.add(sql, List.of(topics.deadLetter(question(rows.iterator().next()), reason)))));
    }

    private Tuple values(QuestionRecord question, boolean leased) {
        return Tuple.tuple(Arrays.asList(question.key().runId(), question.key().questionId(), question.batchId(),
                question.text(), question.corpus(), question.questionType().name(), Json.write(question.references()),
                Json.write(question.metadata()), question.traceParent(), leased ? instance.id() : null));
    }

    public static QuestionRecord question(Row row) {
        OffsetDateTime completed = row.getOffsetDateTime("completed_at");
        OffsetDateTime received = row.getOffsetDateTime("received_at");
        return new QuestionRecord(new QuestionKey(row.getUUID("run_id"), row.getString("id")), row.getUUID("batch_id"),
                row.getString("text"), row.getString("corpus"), QuestionType.valueOf(row.getString("question_type")),
                Json.read(row.getString("answers"), REFERENCES), Json.read(row.getValue("metadata").toString(), METADATA),
                State.valueOf(row.getString("state")), row.getString("error"),
                received == null ? null : received.toInstant(), completed == null ? null : completed.toInstant(),
                row.getInteger("attempts"), row.getString("trace_parent"));
    }

    private static QuestionRecord first(RowSet<Row> rows) {
        return Rows.first(rows, QuestionQueue::question);
    }

    private static String prefixed(String prefix, String columns) {
        return String.join(", ", Arrays.stream(columns.split(",\\s*")).map(column -> prefix + column).toList());
    }
}
