package io.ragfit.evaluation;

import static io.ragfit.tracing.SpanAttributes.ANSWER_STATUS;
import static io.ragfit.tracing.SpanAttributes.ATTEMPT;
import static io.ragfit.tracing.SpanAttributes.BATCH;
import static io.ragfit.tracing.SpanAttributes.DB_SYSTEM;
import static io.ragfit.tracing.SpanAttributes.QUESTION;
import static io.ragfit.tracing.SpanAttributes.RUN;
import static io.ragfit.tracing.SpanAttributes.STATE;
import static io.ragfit.tracing.SpanAttributes.VARIANT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.logging.Log;
import io.ragfit.generation.AnswerService;
import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.generation.Prompt;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.generation.VariantRegistry;
import io.ragfit.judge.Evaluation;
import io.ragfit.judge.Judge;
import io.ragfit.retrieval.RetrievedChunk;
import io.ragfit.retrieval.Retriever;
import io.ragfit.tracing.Traces;
import io.smallrye.mutiny.Uni;

/**
 * One question, start to end: retrieve once, the same prompt to each of the run's variants, the judge on each
 * answer, then store the results and their topic records together. Whatever was stored before (by an earlier
 * attempt, or by an instance that stopped) is reused, not redone. An outage of a backend makes the question wait
 * and try again, for as long as {@code ragfit.pipeline.outage-horizon}; what each attempt obtained is kept. Only a
 * refusal (no such corpus, an invalid definition) or an outage longer than the horizon ends it FAILED.
 * <p>
 * Each taking up of a question is a span {@code question}, in the trace the question arrived in: retrieval, an
 * {@code answer VARIANT} and a {@code judge VARIANT} span per variant (the endpoints' calls beneath them), and the
 * writes to PostgreSQL. Log lines about a question name its trace.
 */
@ApplicationScoped
public class QuestionFlow {

    private static final Attributes POSTGRESQL = Attributes.of(DB_SYSTEM, "postgresql");

    private final RunService runs;
    private final QuestionQueue queue;
    private final ResultStore store;
    private final Retriever retriever;
    private final AnswerService answers;
    private final VariantRegistry variants;
    private final Judge judge;
    private final PipelineConfig config;
    private final Event<QuestionCompleted> completions;
    private final Traces traces;

    QuestionFlow(RunService runs, QuestionQueue queue, ResultStore store, Retriever retriever, AnswerService answers,
            VariantRegistry variants, Judge judge, PipelineConfig config, Event<QuestionCompleted> completions, Traces traces) {
        this.runs = runs;
        this.queue = queue;
        this.store = store;
        this.retriever = retriever;
        this.answers = answers;
        this.variants = variants;
        this.judge = judge;
        this.config = config;
        this.completions = completions;
        this.traces = traces;
    }

    /** An outage as one question lives it: when it began, how many attempts it has cost. */
    private static final class Outage {
        Instant since;
        int retries;
    }

    /** What answering or judging gave: what was obtained, and the first outage met, if any. */
    private record Partial<T>(T obtained, Throwable outage) {
    }

    /** Takes a question this instance leased to its end: completed, or failed with the reason. Never fails itself. */
    public Uni<Void> process(QuestionRecord question) {
        Attributes attributes = Attributes.of(RUN, question.key().runId().toString(), QUESTION, question.key().questionId(),
                ATTEMPT, (long) question.attempts());
        if (question.batchId() != null) {
            attributes = attributes.toBuilder().put(BATCH, question.batchId().toString()).build();
        }
        return traces.span("question", SpanKind.INTERNAL, Traces.fromTraceparent(question.traceParent()), attributes,
                trace -> attempt(question, question.attempts() <= 1, new Outage(), Traces.traceId(trace)));
    }

    private Uni<Void> attempt(QuestionRecord question, boolean nothingStored, Outage outage, String trace) {
        return runs.get(question.key().runId())
                .chain(run -> once(run, question, nothingStored, trace))
                .onFailure().recoverWithUni(failure -> {
                    if (!Outages.outage(failure)) {
                        return end(question, failure.getMessage() != null ? failure.getMessage()
                                : failure.getClass().getSimpleName(), trace);
                    }
                    Instant now = Instant.now();
                    if (outage.since == null) {
                        outage.since = now;
                        Log.warnf("Question %s (trace %s) waits out an outage: %s", question.key().questionId(), trace,
                                failure.getMessage());
                    }
                    if (Duration.between(outage.since, now).compareTo(config.outageHorizon()) > 0) {
                        return end(question, "gave up after an outage of " + spoken(config.outageHorizon())
                                + " (ragfit.pipeline.outage-horizon): " + failure.getMessage(), trace);
                    }
                    Duration wait = backoff(outage.retries++);
                    Log.debugf("Question %s (trace %s): attempt failed (%s); again in %d ms", question.key().questionId(),
                            trace, failure.getMessage(), wait.toMillis());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                            .chain(() -> attempt(question, false, outage, trace));
                });
    }

    /** Ends the question FAILED, waiting for the database as long as it takes: a question is never left half-ended. */
    private Uni<Void> end(QuestionRecord question, String reason, String trace) {
        Log.infof("Question %s (trace %s) failed: %s", question.key().questionId(), trace, reason);
        return queue.fail(question.key(), reason)
                .onFailure(Outages::outage).retry().withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(32))
                .indefinitely()
                .onFailure().invoke(failure -> Log.errorf("Question %s (trace %s) could not be marked failed: %s",
                        question.key().questionId(), trace, failure.getMessage()))
                .onFailure().recoverWithNull()
                .chain(() -> ended("FAILED"));
    }

    /** Notes on the question's span how it ended. */
    private static Uni<Void> ended(String state) {
        return Traces.current().invoke(context -> Span.fromContext(context).setAttribute(STATE, state)).replaceWithVoid();
    }

    private Uni<Void> once(Run run, QuestionRecord question, boolean nothingStored, String trace) {
        QuestionKey key = question.key();
        Uni<ResultStore.Progress> stored = nothingStored ? Uni.createFrom().item(ResultStore.Progress.NONE) : store.progress(key);
        return stored.chain(progress -> {
            Uni<List<RetrievedChunk>> chunks = progress.context() != null ? Uni.createFrom().item(progress.context())
                    : retriever.retrieve(question.corpus(), question.text(), run.retrievalK());
            return chunks.chain(retrieved -> {
                Prompt prompt = answers.prompt(question.text(), retrieved);
                List<VariantDefinition> unanswered = run.variants().stream()
                        .filter(variant -> !progress.answers().containsKey(variant.name()))
                        .toList();
                return answer(question, retrieved, prompt, unanswered)
                        .chain(answered -> stored("store answers", () -> store.saveAnswers(key,
                                progress.context() == null ? retrieved : null, prompt, answered.obtained()))
                                .chain(saved -> {
                                    if (answered.outage() != null) {
                                        return Uni.createFrom().failure(answered.outage());
                                    }
                                    List<GeneratedAnswer> all = inRunOrder(run, progress.answers(), saved);
                                    return judgeAll(run, question, retrieved, prompt, all, progress.judged())
                                            .chain(judged -> judged.outage() != null
                                                    ? stored("store evaluations", () -> store.saveEvaluations(key, judged.obtained()))
                                                            .chain(() -> Uni.createFrom().failure(judged.outage()))
                                                    : traces.span("store results", SpanKind.CLIENT, POSTGRESQL, storing -> store
                                                            .complete(key, judged.obtained(), all, Traces.traceparent(storing)))
                                                            .invoke(scores -> completed(run, key, all, scores, trace))
                                                            .chain(scores -> ended(scores == null ? "ENDED ELSEWHERE" : "COMPLETED")));
                                }));
            });
        });
    }

    /**
     * Tells who follows completed questions (the live comparisons' metrics), once per question. The question is
     * stored and emitted by then: a follower's failure is logged, never the question's.
     */
    private void completed(Run run, QuestionKey key, List<GeneratedAnswer> all, List<ScoreRecord> scores, String trace) {
        if (scores == null) {
            return;
        }
        try {
            completions.fire(new QuestionCompleted(run, all, scores));
        } catch (RuntimeException e) {
            Log.warnf(e, "Question %s (trace %s): completed, but not counted in the metrics", key.questionId(), trace);
        }
    }

    /** Each variant's answer; a variant whose endpoint is out of reach is left for the next attempt. */
    private Uni<Partial<List<GeneratedAnswer>>> answer(QuestionRecord question, List<RetrievedChunk> chunks, Prompt prompt,
            List<VariantDefinition> asked) {
        if (asked.isEmpty()) {
            return Uni.createFrom().item(new Partial<>(List.of(), null));
        }
        return Uni.join().all(asked.stream()
                .map(variant -> traces.span("answer " + variant.name(), SpanKind.INTERNAL, Attributes.of(VARIANT, variant.name()),
                        trace -> variants.source(variant).answer(question.text(), chunks, prompt)
                                .invoke(answer -> Span.fromContext(trace).setAttribute(ANSWER_STATUS, answer.status().name())))
                        .map(answer -> new Partial<GeneratedAnswer>(answer, null))
                        .onFailure(Outages::outage).recoverWithItem(failure -> new Partial<>(null, failure)))
                .toList())
                .andFailFast()
                .map(outcomes -> new Partial<>(outcomes.stream().filter(outcome -> outcome.obtained() != null)
                        .map(Partial::obtained).toList(), firstOutage(outcomes)));
    }

    /** Each answered variant not judged yet, judged in parallel; reference-free when the question has no references. */
    private Uni<Partial<Map<String, Evaluation>>> judgeAll(Run run, QuestionRecord question, List<RetrievedChunk> chunks,
            Prompt prompt, List<GeneratedAnswer> all, Set<String> judged) {
        List<String> context = chunks.stream()
                .filter(chunk -> prompt.chunkIds().contains(chunk.chunkId()))
                .map(RetrievedChunk::text)
                .toList();
        List<GeneratedAnswer> toJudge = all.stream()
                .filter(answer -> answer.status() == GeneratedAnswer.Status.ANSWERED && !judged.contains(answer.variant()))
                .toList();
        if (toJudge.isEmpty()) {
            return Uni.createFrom().item(new Partial<>(Map.of(), null));
        }
        return Uni.join().all(toJudge.stream()
                .map(answer -> traces.span("judge " + answer.variant(), SpanKind.INTERNAL, Attributes.of(VARIANT, answer.variant()),
                        trace -> judge.evaluate(new Judge.Input(question.text(), context, answer.text(), question.references(),
                                question.questionType(), answer.builtin()), run.judgeSettings(), Judge.OnOutage.FAIL))
                        .map(evaluation -> new Partial<Evaluation>(evaluation, null))
                        .onFailure(Outages::outage).recoverWithItem(failure -> new Partial<>(null, failure)))
                .toList())
                .andFailFast()
                .map(outcomes -> {
                    Map<String, Evaluation> byVariant = new LinkedHashMap<>();
                    for (int i = 0; i < toJudge.size(); i++) {
                        if (outcomes.get(i).obtained() != null) {
                            byVariant.put(toJudge.get(i).variant(), outcomes.get(i).obtained());
                        }
                    }
                    return new Partial<>(byVariant, firstOutage(outcomes));
                });
    }

    /** A write to PostgreSQL, as a client span. */
    private <T> Uni<T> stored(String name, Supplier<Uni<T>> write) {
        return traces.span(name, SpanKind.CLIENT, POSTGRESQL, trace -> write.get());
    }

    private static List<GeneratedAnswer> inRunOrder(Run run, Map<String, GeneratedAnswer> stored, List<GeneratedAnswer> saved) {
        Map<String, GeneratedAnswer> all = new LinkedHashMap<>(stored);
        saved.forEach(answer -> all.put(answer.variant(), answer));
        List<GeneratedAnswer> ordered = new ArrayList<>();
        run.variantNames().stream().filter(all::containsKey).forEach(name -> ordered.add(all.get(name)));
        return ordered;
    }

    private static Throwable firstOutage(List<? extends Partial<?>> outcomes) {
        return outcomes.stream().map(Partial::outage).filter(outage -> outage != null).findFirst().orElse(null);
    }

    private static String spoken(Duration duration) {
        return duration.toSeconds() < 120 ? duration.toSeconds() + " s" : duration.toMinutes() + " min";
    }

    private Duration backoff(int retries) {
        Duration max = config.retryBackoff().multipliedBy(32);
        Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(retries, 5));
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
