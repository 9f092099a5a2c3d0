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

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.logging.Log;
import io.ragfit.experiment.Run;
import io.ragfit.experiment.RunService;
import io.ragfit.pipeline.BatchRejectedException.Reason;
import io.ragfit.results.BatchRecord;
import io.ragfit.results.QuestionRecord;
import io.ragfit.results.QuestionRecord.State;
import io.ragfit.results.ResultQueries;
import io.ragfit.results.Transactions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;

/**
 * HTTP batches. A batch's questions are stored as pending, then put on {@code ragfit.questions} like any
 * other question, so that they survive a restart and spread over every instance; the batch follows them
 * through the database.
 */
@ApplicationScoped
public class BatchService {

    static final String BATCH_QUESTIONS = "batch-questions";
    private static final int PUBLISHED_AT_ONCE = 64;
    private static final int IDS_PER_QUERY = 1000;
    /**
     * A question's end time is taken before its transaction commits, so one may become visible after a later
     * one: the event stream looks back this far each time (and skips what it has sent).
     */
    private static final Duration COMMIT_SKEW = Duration.ofSeconds(10);

    private final RunService runs;
    private final Transactions transactions;
    private final ResultQueries queries;
    private final PipelineConfig config;
    private final MutinyEmitter<String> questions;
    private final Vertx vertx;

    BatchService(RunService runs, Transactions transactions, ResultQueries queries, PipelineConfig config,
            @Channel(BATCH_QUESTIONS) MutinyEmitter<String> questions, Vertx vertx) {
        this.runs = runs;
        this.transactions = transactions;
        this.queries = queries;
        this.config = config;
        this.questions = questions;
        this.vertx = vertx;
    }

    public BatchParser.Limits limits() {
        return new BatchParser.Limits(config.maxBatchSize().asLongValue(), config.maxBatchQuestions(),
                config.maxQuestionLength());
    }

    /** Stores the questions as a batch of the run (the live run when none is named) and queues them. */
    public Uni<BatchProgress> submit(String run, List<QuestionMessage> parsed) {
        return (run == null ? runs.resolve(null) : runs.find(run)).chain(owner -> {
            BatchRecord batch = new BatchRecord();
            batch.id = UUID.randomUUID();
            batch.runId = owner.id;
            batch.status = BatchRecord.Status.ACCEPTED;
            batch.total = parsed.size();
            batch.createdAt = Instant.now();
            List<QuestionMessage> queued = parsed.stream()
                    .map(question -> new QuestionMessage(QuestionMessages.SCHEMA_VERSION, question.id(), question.question(),
                            question.corpus(), owner.id, batch.id, question.questionType(), question.references(),
                            question.metadata()))
                    .toList();
            List<QuestionRecord> records = new ArrayList<>();
            for (QuestionMessage question : queued) {
                try {
                    records.add(QuestionFlow.record(owner, question));
                } catch (InvalidQuestionException e) {
                    throw new BatchRejectedException(Reason.INVALID, "question '" + question.id() + "': " + e.getMessage());
                }
            }
            List<String> ids = queued.stream().map(QuestionMessage::id).toList();
            return transactions.inTransaction(session -> alreadyInRun(session, owner, ids, 0)
                    .chain(() -> session.persist(batch))
                    .chain(() -> session.persistAll(records.toArray())))
                    .chain(() -> publish(queued, batch.id))
                    .chain(() -> progress(batch.id));
        });
    }

    public Uni<BatchProgress> progress(UUID id) {
        return batch(id).chain(batch -> queries.countsOfBatch(id).map(counts -> BatchProgress.of(batch, counts, Instant.now())));
    }

    /** Cancels the questions not taken yet; those being processed finish. */
    public Uni<BatchProgress> cancel(UUID id) {
        return transactions.inTransaction(session -> session.find(BatchRecord.class, id)
                .chain(batch -> {
                    if (batch == null) {
                        throw new NoSuchBatchException(id);
                    }
                    if (batch.status == BatchRecord.Status.CANCELLED) {
                        return Uni.createFrom().voidItem();
                    }
                    batch.status = BatchRecord.Status.CANCELLED;
                    batch.cancelledAt = Instant.now();
                    return session.createMutationQuery("update QuestionRecord set state = :cancelled, completedAt = :now "
                            + "where batchId = :batch and state = :pending")
                            .setParameter("cancelled", State.CANCELLED)
                            .setParameter("now", batch.cancelledAt)
                            .setParameter("batch", id)
                            .setParameter("pending", State.PENDING)
                            .executeUpdate()
                            .invoke(cancelled -> Log.infof("Batch %s cancelled: %d questions not started", id, cancelled))
                            .replaceWithVoid();
                }))
                .chain(() -> progress(id));
    }

    /**
     * Queues again every question of the batch that has not completed (cancelled, failed, or left running by
     * a crash): what is complete is kept and skipped. Returns how many were queued.
     */
    public Uni<Integer> requeue(UUID id) {
        return transactions.inTransaction(session -> session.find(BatchRecord.class, id)
                .chain(batch -> {
                    if (batch == null) {
                        throw new NoSuchBatchException(id);
                    }
                    batch.status = BatchRecord.Status.ACCEPTED;
                    batch.cancelledAt = null;
                    return session.createSelectionQuery("from QuestionRecord where batchId = :batch and state <> :completed",
                            QuestionRecord.class)
                            .setParameter("batch", id)
                            .setParameter("completed", State.COMPLETED)
                            .getResultList();
                })
                .invoke(unfinished -> unfinished.forEach(question -> {
                    if (question.state.terminal()) {
                        question.state = State.PENDING;
                        question.error = null;
                        question.completedAt = null;
                    }
                })))
                .chain(unfinished -> publish(unfinished.stream().map(question -> new QuestionMessage(
                        QuestionMessages.SCHEMA_VERSION, question.key.questionId(), question.text, question.corpus,
                        question.key.runId(), id, question.questionType, question.answers, question.metadata)).toList(), id)
                        .replaceWith(unfinished.size()));
    }

    public Uni<List<QuestionResult>> results(UUID id, int offset, int limit) {
        return batch(id).chain(batch -> queries.page(batch.runId, id, offset, limit))
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
                            if (seen.add(question.key.questionId())) {
                                emitter.emit(BatchEvent.result(QuestionResult.of(results)));
                            }
                            if (question.completedAt.isAfter(since.get())) {
                                since.set(question.completedAt);
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

    private Uni<BatchRecord> batch(UUID id) {
        return transactions.inTransaction(session -> session.find(BatchRecord.class, id))
                .map(batch -> {
                    if (batch == null) {
                        throw new NoSuchBatchException(id);
                    }
                    return batch;
                });
    }

    /** Refuses a batch reusing ids the run has: a run holds one result set per question id. */
    private Uni<Void> alreadyInRun(Mutiny.Session session, Run run, List<String> ids, int from) {
        if (from >= ids.size()) {
            return Uni.createFrom().voidItem();
        }
        List<String> slice = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
        return session.createSelectionQuery("select key.questionId from QuestionRecord where key.runId = :run "
                + "and key.questionId in :ids", String.class)
                .setParameter("run", run.id)
                .setParameter("ids", slice)
                .setMaxResults(5)
                .getResultList()
                .chain(taken -> {
                    if (!taken.isEmpty()) {
                        throw new BatchRejectedException(Reason.CONFLICT, "run '" + run.name + "' already has questions "
                                + String.join(", ", taken) + (taken.size() == 5 ? " (and maybe more)" : "")
                                + ": a run holds one result per question id; use new ids or another run");
                    }
                    return alreadyInRun(session, run, ids, from + IDS_PER_QUERY);
                });
    }

    private Uni<Void> publish(List<QuestionMessage> queued, UUID batch) {
        return Multi.createFrom().iterable(queued)
                .onItem().transformToUni(question -> questions.sendMessage(Message.of(QuestionMessages.toJson(question))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(question.id()).build())))
                .merge(PUBLISHED_AT_ONCE)
                .collect().last()
                .replaceWithVoid()
                .onFailure().transform(failure -> new QueueUnavailableException("batch " + batch
                        + " is stored but its questions could not all be queued on Kafka (" + failure.getMessage()
                        + "): DELETE it and submit again"));
    }
}
