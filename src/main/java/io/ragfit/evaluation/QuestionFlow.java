package io.ragfit.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

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
import io.smallrye.mutiny.Uni;

/**
 * One question, start to end: retrieve once, the same prompt to each of the run's variants, the judge on each
 * answer, then store the results and their topic records together. Whatever was stored before (by an earlier
 * attempt, or by an instance that stopped) is reused, not redone. An outage of a backend makes the question wait
 * and try again, for as long as {@code ragfit.pipeline.outage-horizon}; what each attempt obtained is kept. Only a
 * refusal (no such corpus, an invalid definition) or an outage longer than the horizon ends it FAILED.
 */
@ApplicationScoped
public class QuestionFlow {

    private final RunService runs;
    private final QuestionQueue queue;
    private final ResultStore store;
    private final Retriever retriever;
    private final AnswerService answers;
    private final VariantRegistry variants;
    private final Judge judge;
    private final PipelineConfig config;
    private final Event<QuestionCompleted> completions;

    QuestionFlow(RunService runs, QuestionQueue queue, ResultStore store, Retriever retriever, AnswerService answers,
            VariantRegistry variants, Judge judge, PipelineConfig config, Event<QuestionCompleted> completions) {
        this.completions = completions;
        this.runs = runs;
        this.queue = queue;
        this.store = store;
        this.retriever = retriever;
        this.answers = answers;
        this.variants = variants;
        this.judge = judge;
        this.config = config;
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
        return attempt(question, question.attempts() <= 1, new Outage());
    }

    private Uni<Void> attempt(QuestionRecord question, boolean nothingStored, Outage outage) {
        return runs.get(question.key().runId())
                .chain(run -> once(run, question, nothingStored))
                .onFailure().recoverWithUni(failure -> {
                    if (!Outages.outage(failure)) {
                        return end(question, failure.getMessage() != null ? failure.getMessage()
                                : failure.getClass().getSimpleName());
                    }
                    Instant now = Instant.now();
                    if (outage.since == null) {
                        outage.since = now;
                        Log.warnf("Question %s waits out an outage: %s", question.key().questionId(), failure.getMessage());
                    }
                    if (Duration.between(outage.since, now).compareTo(config.outageHorizon()) > 0) {
                        return end(question, "gave up after an outage of " + spoken(config.outageHorizon())
                                + " (ragfit.pipeline.outage-horizon): " + failure.getMessage());
                    }
                    Duration wait = backoff(outage.retries++);
                    Log.debugf("Question %s: attempt failed (%s); again in %d ms", question.key().questionId(),
                            failure.getMessage(), wait.toMillis());
                    return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                            .chain(() -> attempt(question, false, outage));
                });
    }

    /** Ends the question FAILED, waiting for the database as long as it takes: a question is never left half-ended. */
    private Uni<Void> end(QuestionRecord question, String reason) {
        Log.infof("Question %s failed: %s", question.key().questionId(), reason);
        return queue.fail(question.key(), reason)
                .onFailure(Outages::outage).retry().withBackOff(config.retryBackoff(), config.retryBackoff().multipliedBy(32))
                .indefinitely()
                .onFailure().invoke(failure -> Log.errorf("Question %s could not be marked failed: %s",
                        question.key().questionId(), failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> once(Run run, QuestionRecord question, boolean nothingStored) {
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
                        .chain(answered -> store.saveAnswers(key, progress.context() == null ? retrieved : null, prompt,
                                answered.obtained())
                                .chain(saved -> {
                                    if (answered.outage() != null) {
                                        return Uni.createFrom().failure(answered.outage());
                                    }
                                    List<GeneratedAnswer> all = inRunOrder(run, progress.answers(), saved);
                                    return judgeAll(run, question, retrieved, prompt, all, progress.judged())
                                            .chain(judged -> judged.outage() != null
                                                    ? store.saveEvaluations(key, judged.obtained())
                                                            .chain(() -> Uni.createFrom().failure(judged.outage()))
                                                    : store.complete(key, judged.obtained(), all)
                                                            .invoke(scores -> completed(run, key, all, scores)).replaceWithVoid());
                                }));
            });
        });
    }

    /**
     * Tells who follows completed questions (the live comparisons' metrics), once per question. The question is
     * stored and emitted by then: a follower's failure is logged, never the question's.
     */
    private void completed(Run run, QuestionKey key, List<GeneratedAnswer> all, List<ScoreRecord> scores) {
        if (scores == null) {
            return;
        }
        try {
            completions.fire(new QuestionCompleted(run, all, scores));
        } catch (RuntimeException e) {
            Log.warnf(e, "Question %s: completed, but not counted in the metrics", key.questionId());
        }
    }

    /** Each variant's answer; a variant whose endpoint is out of reach is left for the next attempt. */
    private Uni<Partial<List<GeneratedAnswer>>> answer(QuestionRecord question, List<RetrievedChunk> chunks, Prompt prompt,
            List<VariantDefinition> asked) {
        if (asked.isEmpty()) {
            return Uni.createFrom().item(new Partial<>(List.of(), null));
        }
        return Uni.join().all(asked.stream()
                .map(variant -> variants.source(variant).answer(question.text(), chunks, prompt)
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
                .map(answer -> judge.evaluate(new Judge.Input(question.text(), context, answer.text(), question.references(),
                        question.questionType(), answer.builtin()), run.judgeSettings(), Judge.OnOutage.FAIL)
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
