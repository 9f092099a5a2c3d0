package io.ragfit.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.ragfit.corpus.TooBusyException;
import io.ragfit.evaluation.PipelineConfig;
import io.ragfit.evaluation.QuestionQueue;
import io.ragfit.evaluation.QuestionRecord;
import io.ragfit.evaluation.QuestionWorker;
import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.RunService;
import io.ragfit.failure.RefusedException.Family;
import io.ragfit.results.ResultQueries;
import io.ragfit.store.Database;
import io.ragfit.store.Sql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * HTTP batches. A batch's questions are stored in the question queue in the transaction that stores the batch:
 * a batch accepted is a batch queued. Every instance takes up queued questions, so a batch spreads over them
 * and survives any of them stopping; the batch follows its questions through the database.
 */
@ApplicationScoped
public class BatchService {

    private static final int IDS_PER_QUERY = 1000;
    /**
     * A question's end time is taken before its transaction commits, so one may become visible after a later
     * one: the event stream looks back this far each time (and skips what it has sent).
     */
    private static final Duration COMMIT_SKEW = Duration.ofSeconds(10);

    /** A batch as stored. */
    record Batch(UUID id, UUID runId, boolean cancelled, int total, Instant createdAt) {
    }

    private final RunService runs;
    private final Database database;
    private final QuestionQueue queue;
    private final QuestionWorker worker;
    private final ResultQueries queries;
    private final PipelineConfig config;
    private final Vertx vertx;

    BatchService(RunService runs, Database database, QuestionQueue queue, QuestionWorker worker, ResultQueries queries,
            PipelineConfig config, Vertx vertx) {
        this.runs = runs;
        this.database = database;
        this.queue = queue;
        this.worker = worker;
        this.queries = queries;
        this.config = config;
        this.vertx = vertx;
    }

    public BatchParser.Limits limits() {
        return new BatchParser.Limits(config.maxBatchSize().asLongValue(), config.maxBatchQuestions(),
                config.maxQuestionLength());
    }

    /**
     * Stores the questions as a batch of the run (the live run when none is named), queued. Ids the run has
     * already are refused, unless their question failed: a failed question submitted again is replaced.
     */
    public Uni<BatchProgress> submit(String run, List<QuestionMessage> parsed) {
        return (run == null ? runs.resolve(null) : runs.find(run)).chain(owner -> {
            if (owner.kind() == Run.Kind.EXPERIMENT) {
                throw new BatchRejectedException(Family.CONFLICT, QuestionConsumer.EXPERIMENT_RUN);
            }
            return store(owner, parsed, true);
        });
    }

    /**
     * Queues an experiment's own evaluation questions as a batch of its run (which takes no others). Its size is
     * the experiment's, already bounded: a busy queue must not fail a preparation that cannot wait for it.
     */
    public Uni<BatchProgress> submitEvaluation(Run experimentRun, List<QuestionMessage> evaluation) {
        return store(experimentRun, evaluation, false);
    }

    private Uni<BatchProgress> store(Run owner, List<QuestionMessage> parsed, boolean boundedByWaiting) {
        UUID batch = UUID.randomUUID();
        List<QuestionRecord> questions = new ArrayList<>();
        for (QuestionMessage question : parsed) {
            try {
                questions.add(QuestionConsumer.record(owner, question).inBatch(batch));
            } catch (InvalidQuestionException e) {
                throw new BatchRejectedException(Family.INVALID, "question '" + question.id() + "': " + e.getMessage());
            }
        }
        List<String> ids = questions.stream().map(question -> question.key().questionId()).toList();
        return (boundedByWaiting ? roomFor(questions.size()) : Uni.createFrom().voidItem())
                .chain(() -> database.inTransaction(sql -> replaceFailed(sql, owner, ids, 0)
                        .chain(() -> sql.query("INSERT INTO batch (id, run_id, status, total, created_at) VALUES ($1, $2,"
                                + " 'ACCEPTED', $3, now())", Tuple.of(batch, owner.id(), questions.size())))
                        .chain(() -> queue.enqueue(sql, questions))))
                .invoke(worker::sweep)
                .chain(() -> progress(batch));
    }

    /** Refuses (429) a batch that would take the questions waiting past the bound. */
    private Uni<Void> roomFor(int questions) {
        // counts no further than the bound: beyond it the answer is the same
        return database.query("SELECT count(*) AS waiting FROM (SELECT 1 FROM question WHERE state = 'PENDING' LIMIT $1)"
                + " bounded", Tuple.of(config.maxPendingQuestions() + 1))
                .invoke(rows -> {
                    long waiting = rows.iterator().next().getLong("waiting");
                    if (waiting + questions > config.maxPendingQuestions()) {
                        throw new TooBusyException(waiting + " questions are waiting already; a batch of " + questions
                                + " would pass ragfit.pipeline.max-pending-questions (" + config.maxPendingQuestions()
                                + "): try again later", 60);
                    }
                })
                .replaceWithVoid();
    }

    public Uni<BatchProgress> progress(UUID id) {
        return batch(id).chain(batch -> queries.countsOfBatch(id).map(counts -> BatchProgress.of(batch, counts, Instant.now())));
    }

    /** Cancels the questions not taken up yet; those being processed finish. */
    public Uni<BatchProgress> cancel(UUID id) {
        return database.inTransaction(sql -> sql.query("UPDATE batch SET status = 'CANCELLED', cancelled_at = coalesce("
                + "cancelled_at, now()) WHERE id = $1", Tuple.of(id))
                .chain(updated -> {
                    if (updated.rowCount() == 0) {
                        throw new NoSuchBatchException(id);
                    }
                    return sql.query("UPDATE question SET state = 'CANCELLED', completed_at = now() WHERE batch_id = $1"
                            + " AND state = 'PENDING'", Tuple.of(id));
                })
                .invoke(cancelled -> Log.infof("Batch %s cancelled: %d questions not started", id, cancelled.rowCount())))
                .chain(() -> progress(id));
    }

    /** Queues again the batch's failed questions: what they had stored is kept and reused. Returns how many. */
    public Uni<Integer> retry(UUID id) {
        return requeue(id, "'FAILED'");
    }

    /**
     * Queues again every question of the batch that has not completed (cancelled or failed; one left running by
     * an instance that stopped is taken over anyway): what is complete is kept and skipped. Returns how many.
     */
    public Uni<Integer> resume(UUID id) {
        return requeue(id, "'FAILED', 'CANCELLED'");
    }

    private Uni<Integer> requeue(UUID id, String states) {
        return database.inTransaction(sql -> sql.query("UPDATE batch SET status = 'ACCEPTED', cancelled_at = NULL"
                + " WHERE id = $1", Tuple.of(id))
                .chain(updated -> {
                    if (updated.rowCount() == 0) {
                        throw new NoSuchBatchException(id);
                    }
                    return sql.query("UPDATE question SET state = 'PENDING', error = NULL, completed_at = NULL,"
                            + " lease_owner = NULL WHERE batch_id = $1 AND state IN (" + states + ")", Tuple.of(id));
                })
                .map(requeued -> requeued.rowCount()))
                .invoke(worker::sweep);
    }

    public Uni<List<QuestionResult>> results(UUID id, int offset, int limit) {
        return batch(id).chain(batch -> queries.page(batch.runId(), id, offset, limit))
                .map(page -> page.stream().map(QuestionResult::of).toList());
    }

    /**
     * Progress now and at every interval, and each question as it ends, until the batch has ended. The
     * database is the source, so questions processed by any instance appear.
     */
    public Multi<BatchEvent> events(UUID id) {
        return batch(id).toMulti().flatMap(found -> Multi.createFrom().<BatchEvent>emitter(emitter -> {
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicReference<Instant> since = new AtomicReference<>(Instant.EPOCH);
            AtomicBoolean polling = new AtomicBoolean();
            long timer = vertx.setPeriodic(0, config.eventsInterval().toMillis(), tick -> {
                if (!polling.compareAndSet(false, true)) {
                    return;
                }
                // progress first: every question it counts as ended is then among the results read
                progress(id).chain(progress -> queries.endedSince(id, since.get().minus(COMMIT_SKEW))
                        .invoke(ended -> ended.forEach(results -> {
                            QuestionRecord question = results.question();
                            if (seen.add(question.key().questionId())) {
                                emitter.emit(BatchEvent.result(QuestionResult.of(results)));
                            }
                            if (question.completedAt().isAfter(since.get())) {
                                since.set(question.completedAt());
                            }
                        }))
                        .replaceWith(progress))
                        .subscribe().with(progress -> {
                            emitter.emit(BatchEvent.progress(progress));
                            polling.set(false);
                            if (progress.ended()) {
                                emitter.complete();
                            }
                        }, failure -> {
                            polling.set(false);
                            emitter.fail(failure);
                        });
            });
            emitter.onTermination(() -> vertx.cancelTimer(timer));
        }));
    }

    private Uni<Batch> batch(UUID id) {
        return database.query("SELECT id, run_id, status, total, created_at FROM batch WHERE id = $1", Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NoSuchBatchException(id);
                    }
                    Row row = rows.iterator().next();
                    return new Batch(row.getUUID("id"), row.getUUID("run_id"), "CANCELLED".equals(row.getString("status")),
                            row.getInteger("total"), row.getOffsetDateTime("created_at").toInstant());
                });
    }

    /**
     * Refuses a batch reusing ids the run has (a run holds one result set per question id), except ids whose
     * question failed: those are dropped, with what they had stored, for the batch's questions to replace them.
     */
    private Uni<Void> replaceFailed(Sql sql, Run run, List<String> ids, int from) {
        if (from >= ids.size()) {
            return Uni.createFrom().voidItem();
        }
        String[] slice = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY)).toArray(String[]::new);
        return sql.query("SELECT id FROM question WHERE run_id = $1 AND id = ANY($2) AND state <> 'FAILED' LIMIT 5",
                Tuple.of(run.id(), slice))
                .chain(rows -> {
                    List<String> taken = new ArrayList<>();
                    rows.forEach(row -> taken.add(row.getString("id")));
                    if (!taken.isEmpty()) {
                        throw new BatchRejectedException(Family.CONFLICT, "run '" + run.name() + "' already has questions "
                                + String.join(", ", taken) + (taken.size() == 5 ? " (and maybe more)" : "")
                                + ": a run holds one result per question id; use new ids or another run (failed"
                                + " questions are replaced, or retried with POST /batches/{id}/retry)");
                    }
                    return sql.query("DELETE FROM question WHERE run_id = $1 AND id = ANY($2) AND state = 'FAILED'",
                            Tuple.of(run.id(), slice));
                })
                .chain(() -> replaceFailed(sql, run, ids, from + IDS_PER_QUERY));
    }
}
