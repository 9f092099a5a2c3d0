package io.ragfit.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.ragfit.evaluation.Outages;
import io.ragfit.evaluation.PipelineConfig;
import io.ragfit.evaluation.QuestionKey;
import io.ragfit.evaluation.QuestionQueue;
import io.ragfit.evaluation.QuestionRecord;
import io.ragfit.evaluation.QuestionWorker;
import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.RunService;
import io.ragfit.results.live.LiveMetrics;
import io.ragfit.tracing.Traces;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;

/**
 * Takes questions from {@code ragfit.questions} into the question queue. A record waits for a free slot of this
 * instance (so a slow endpoint slows consumption instead of filling memory), is stored and leased to this
 * instance, then acknowledged: from then on the question lives in PostgreSQL, and another instance takes it
 * over if this one stops. While PostgreSQL is out of reach the record waits, unacknowledged. A record that is
 * not a valid question goes to the dead-letter topic with the reason. The question is stored with the trace
 * context of its record's span (which continues the producer's trace, if the record's headers carry one): its
 * processing, on whichever instance, continues that trace.
 */
@ApplicationScoped
public class QuestionConsumer {

    static final String QUESTIONS = "questions";

    private final RunService runs;
    private final QuestionQueue queue;
    private final QuestionWorker worker;
    private final PipelineConfig config;
    private final LiveMetrics metrics;

    QuestionConsumer(RunService runs, QuestionQueue queue, QuestionWorker worker, PipelineConfig config, LiveMetrics metrics) {
        this.metrics = metrics;
        this.runs = runs;
        this.queue = queue;
        this.worker = worker;
        this.config = config;
    }

    @Incoming(QUESTIONS)
    Uni<Void> consume(Message<String> record) {
        QuestionMessage message;
        try {
            message = QuestionMessages.parse(record.getPayload(), config.maxQuestionLength());
        } catch (InvalidQuestionException e) {
            Log.warnf("Dead-lettered a question record: %s", e.getMessage());
            return Uni.createFrom().completionStage(record.nack(e));
        }
        // the next record comes as soon as a slot is free: questions are stored and leased concurrently, each
        // record acknowledged once its own question is stored (the throttled strategy commits in offset order)
        return worker.slot().invoke(() -> take(message, record).subscribe().with(done -> {
        }, failure -> Log.errorf(failure, "Question %s: record neither acknowledged nor dead-lettered", message.id())));
    }

    private Uni<Void> take(QuestionMessage message, Message<String> record) {
        AtomicBoolean counted = new AtomicBoolean();
        Context trace = TracingMetadata.fromMessage(record).map(TracingMetadata::getCurrentContext).orElse(Context.root());
        return accept(message, trace, counted)
                .onFailure(Outages::outage).invoke(failure -> Log.warnf("Question %s waits for PostgreSQL: %s",
                        message.id(), failure.getMessage()))
                .onFailure(Outages::outage).retry()
                .withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(32)).indefinitely()
                .onItemOrFailure().transformToUni((leased, failure) -> {
                    if (failure != null) {
                        worker.release();
                        Log.warnf("Question %s dead-lettered: %s", message.id(), failure.getMessage());
                        return Uni.createFrom().completionStage(record.nack(failure));
                    }
                    if (leased == null) {
                        // completed, cancelled, or in the hands of a live instance (this one, maybe)
                        worker.release();
                    } else {
                        worker.work(leased);
                    }
                    return Uni.createFrom().completionStage(record.ack());
                });
    }

    /**
     * Stores the question in its run (the live run when it names none) and leases it; null when there is nothing
     * to do (a shadow comparison's sampling left it out, or it is stored already). While it is being leased, this instance's sweeps leave it alone.
     */
    private Uni<QuestionRecord> accept(QuestionMessage message, Context trace, AtomicBoolean counted) {
        return runs.resolve(message.runId()).chain(run -> {
            if (run.kind() == Run.Kind.EXPERIMENT) {
                throw new InvalidQuestionException(EXPERIMENT_RUN);
            }
            if (run.shadow() != null) {
                boolean sampled = run.shadow().samples(message.id(), message.metadata());
                if (!counted.getAndSet(true)) {
                    // once per record, however often PostgreSQL's outages make it try again
                    metrics.sampled(run, sampled);
                }
                if (!sampled) {
                    return Uni.createFrom().nullItem();
                }
            }
            QuestionRecord incoming = record(run, message).inTrace(Traces.traceparent(trace));
            if (!worker.reserve(incoming.key())) {
                return Uni.createFrom().nullItem();
            }
            return queue.accept(incoming)
                    .onItemOrFailure().invoke((leased, failure) -> {
                        if (leased == null) {
                            worker.unreserve(incoming.key());
                        }
                    });
        });
    }

    static final String EXPERIMENT_RUN = "the run is an experiment's evaluation: it takes only the experiment's own"
            + " questions";

    /** The question as stored, its corpus the run's when it names none. */
    static QuestionRecord record(Run run, QuestionMessage message) {
        String corpus = message.corpus() != null ? message.corpus() : run.corpus();
        if (corpus == null) {
            throw new InvalidQuestionException("no \"corpus\": the question names none and run '" + run.name()
                    + "' has no default corpus");
        }
        return QuestionRecord.incoming(new QuestionKey(run.id(), message.id()), null, message.question(),
                corpus, message.questionType(), message.references(), message.metadata());
    }
}
