package io.ragfit.pipeline;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.ragfit.experiment.InvalidRunException;
import io.ragfit.experiment.NoSuchRunException;
import io.ragfit.generation.NoSuchVariantException;
import io.ragfit.judge.UnknownCriterionException;
import io.ragfit.retrieval.EmbeddingModelMismatchException;
import io.ragfit.retrieval.NoSuchCorpusIndexException;
import io.smallrye.mutiny.Uni;

/**
 * Takes questions from {@code ragfit.questions}. Each question holds one of {@code max-in-flight} slots
 * from delivery to acknowledgement: the next record is not taken until a slot is free, so a slow endpoint
 * slows consumption instead of filling memory. A record is acknowledged (its offset becomes committable)
 * only once its results are stored and emitted; one that cannot be processed goes to the dead-letter
 * topic with the reason.
 */
@ApplicationScoped
public class QuestionConsumer {

    static final String QUESTIONS = "questions";

    private final QuestionFlow flow;
    private final PipelineConfig config;
    private final AsyncSlots slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, CompletableFuture<Void>> lastOfQuestion = new ConcurrentHashMap<>();

    QuestionConsumer(QuestionFlow flow, PipelineConfig config, MeterRegistry metrics) {
        this.flow = flow;
        this.config = config;
        this.slots = new AsyncSlots(config.maxInFlight());
        metrics.gauge("ragfit.pipeline.questions.in.flight", inFlight);
    }

    @Incoming(QUESTIONS)
    Uni<Void> consume(Message<String> record) {
        QuestionMessage question;
        try {
            question = QuestionMessages.parse(record.getPayload(), config.maxQuestionLength());
        } catch (InvalidQuestionException e) {
            Log.warnf("Dead-lettered a question record: %s", e.getMessage());
            return Uni.createFrom().completionStage(record.nack(e));
        }
        return slots.acquire().invoke(() -> {
            inFlight.incrementAndGet();
            inTurn(question, () -> process(question)).onTermination().invoke(() -> {
                inFlight.decrementAndGet();
                slots.release();
            }).subscribe().with(
                    done -> record.ack(),
                    failure -> {
                        Log.warnf("Question %s dead-lettered: %s", question.id(), failure.getMessage());
                        flow.fail(question, failure.getMessage())
                                .subscribe().with(ignored -> record.nack(failure));
                    });
        });
    }

    /**
     * Runs the work after any other delivery of the same question on this instance has ended, so that two
     * deliveries never race (the second finds the first one's results).
     */
    private Uni<Void> inTurn(QuestionMessage question, Supplier<Uni<Void>> work) {
        String key = question.runId() + "/" + question.id();
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = lastOfQuestion.put(key, done);
        Uni<Void> turn = previous == null ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(previous).replaceWithVoid();
        return turn.chain(work::get).onTermination().invoke(() -> {
            lastOfQuestion.remove(key, done);
            done.complete(null);
        });
    }

    private Uni<Void> process(QuestionMessage question) {
        AtomicInteger attempts = new AtomicInteger();
        return Uni.createFrom().deferred(() -> {
            attempts.incrementAndGet();
            return flow.process(question);
        })
                .onFailure(QuestionConsumer::transientFailure)
                .invoke(failure -> Log.infof("Question %s: attempt %d failed (%s), will retry", question.id(),
                        attempts.get(), failure.getMessage()))
                .onFailure(QuestionConsumer::transientFailure)
                .retry().withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(32))
                .atMost(config.attempts() - 1)
                .onFailure(QuestionConsumer::transientFailure)
                .transform(failure -> new PipelineFailure("gave up after " + attempts.get() + " attempts: "
                        + failure.getMessage(), failure));
    }

    /** Failures that another attempt may not meet: a backend down, a timeout. The others are final. */
    static boolean transientFailure(Throwable failure) {
        return !(failure instanceof InvalidQuestionException
                || failure instanceof NoSuchRunException
                || failure instanceof InvalidRunException
                || failure instanceof NoSuchVariantException
                || failure instanceof UnknownCriterionException
                || failure instanceof NoSuchCorpusIndexException
                || failure instanceof EmbeddingModelMismatchException);
    }

    static final class PipelineFailure extends RuntimeException {

        PipelineFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
