package io.ragfit.judge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.generation.ChatEndpoint;
import io.ragfit.judge.JudgeConfig.Mode;
import io.ragfit.judge.Judgement.Sample;
import io.ragfit.openai.ChatMessage;
import io.ragfit.openai.ChatRequest;
import io.ragfit.openai.ChatResponse;
import io.ragfit.openai.EndpointUnavailableException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Scores one answer on one criterion with a G-Eval judge. Repeat mode asks for N samples (in one request
 * with {@code n} where the endpoint honours it) and averages those that parse, asking again for
 * unparsable replies within a budget. Logprobs mode asks once and weights the scale's points by their
 * probabilities; an endpoint that returns none makes it fall back to repeat mode, and the judgement says so.
 */
@ApplicationScoped
public class GEvalJudge {

    private final JudgeConfig config;

    GEvalJudge(JudgeConfig config) {
        this.config = config;
    }

    /** What one judgement works from, and the replies it has gathered. */
    private final class Work {

        final ChatEndpoint judge;
        final Criterion criterion;
        final EvaluationSteps.Steps steps;
        final List<ChatMessage> messages;
        final String promptHash;
        final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger requests = new AtomicInteger();
        volatile boolean honoursN = true;
        /** Set once the judgement is made by repeating samples (asked for, or as a fallback, said here). */
        volatile boolean repeating;
        volatile String fallback;

        Work(ChatEndpoint judge, Criterion criterion, EvaluationSteps.Steps steps, List<ChatMessage> messages) {
            this.judge = judge;
            this.criterion = criterion;
            this.steps = steps;
            this.messages = messages;
            this.promptHash = ChatMessage.hash(messages);
        }

        /** The replies so far, as one consistent list. */
        List<Sample> taken() {
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }

        List<Double> scores() {
            return scoresOf(taken());
        }

        static List<Double> scoresOf(List<Sample> taken) {
            return taken.stream().filter(sample -> sample.score() != null).map(Sample::score).toList();
        }

        void add(String reply) {
            OptionalDouble score = ScoreParser.parse(reply, criterion.min(), criterion.max());
            synchronized (samples) {
                samples.add(new Sample(samples.size(), reply, score.isPresent() ? score.getAsDouble() : null));
            }
        }

        Judgement judgement(Mode mode, List<Sample> taken, Double score, Double spread, Map<Integer, Double> distribution,
                String error) {
            return new Judgement(criterion.key(), mode, score, spread, mode == Mode.REPEAT ? config.samples() : 1,
                    scoresOf(taken).size(), taken, distribution, judge.variant().name(), judge.variant().model(),
                    promptHash, steps.version(), fallback, error, requests.get());
        }

        /** The judgement the parsed samples make: their mean and spread, no score when none parsed. */
        Judgement fromSamples(Mode mode, String error) {
            List<Sample> taken = taken();
            List<Double> scores = scoresOf(taken);
            return scores.isEmpty() ? judgement(mode, taken, null, null, null, error)
                    : judgement(mode, taken, SampleStatistics.mean(scores), SampleStatistics.standardDeviation(scores), null,
                            error);
        }
    }

    /**
     * The judgement of one answer on one criterion. A judge that refuses, or whose replies do not parse, gives a
     * judgement without a score and with the reason. A judge that cannot answer for a cause that may pass gives
     * such a judgement too when {@code onOutage} is RECORD; with FAIL, the Uni fails with
     * {@link EndpointUnavailableException} instead, for the caller to ask again later.
     */
    public Uni<Judgement> judge(ChatEndpoint judge, Criterion criterion, EvaluationSteps.Steps steps, String question,
            List<String> context, String answer, String reference, Mode mode, Judge.OnOutage onOutage) {
        Work work = new Work(judge, criterion, steps,
                JudgePrompts.score(criterion, steps.text(), question, context, answer, reference));
        Uni<Judgement> judged = mode == Mode.LOGPROBS ? logprobs(work) : repeat(work, null);
        return judged.onFailure(failure -> onOutage == Judge.OnOutage.RECORD || !(failure instanceof EndpointUnavailableException))
                // what was gathered before the failure still counts, and says it is partial
                .recoverWithItem(failure -> work.fromSamples(work.repeating ? Mode.REPEAT : mode,
                        work.judge.describe(failure, work.requests.get())));
    }

    private Uni<Judgement> logprobs(Work work) {
        ChatRequest request = new ChatRequest(work.judge.variant().model(), work.messages, 0.0, config.scoreMaxTokens(),
                work.judge.variant().parameters().seed(), null, true, config.topLogprobs());
        return work.judge.complete(request, work.requests)
                .chain(response -> {
                    ChatResponse.Choice choice = response.choices() == null || response.choices().isEmpty() ? null
                            : response.choices().getFirst();
                    String reply = choice == null || choice.message() == null ? "" : String.valueOf(choice.message().content());
                    if (choice == null || choice.logprobs() == null || choice.logprobs().content() == null
                            || choice.logprobs().content().isEmpty()) {
                        return repeat(work, "the endpoint returned no log probabilities: scored by repeating "
                                + config.samples() + " samples instead");
                    }
                    return LogprobScore.of(choice.logprobs().content(), work.criterion.min(), work.criterion.max())
                            .map(weighted -> {
                                work.add(reply);
                                return Uni.createFrom().item(work.judgement(Mode.LOGPROBS, work.taken(), weighted.score(),
                                        SampleStatistics.standardDeviation(weighted.distribution()), weighted.distribution(),
                                        null));
                            })
                            .orElseGet(() -> repeat(work, "no generated token was a score (reply \"" + reply
                                    + "\"): scored by repeating " + config.samples() + " samples instead"));
                });
    }

    private Uni<Judgement> repeat(Work work, String fallback) {
        work.repeating = true;
        work.fallback = fallback;
        return sample(work)
                .map(done -> {
                    int parsed = work.scores().size();
                    String error = parsed == 0
                            ? "none of the judge's " + work.samples.size() + " replies held a score between "
                                    + work.criterion.min() + " and " + work.criterion.max()
                            : parsed < config.samples()
                                    ? "only " + parsed + " of " + work.samples.size() + " replies held a score"
                                    : null;
                    return work.fromSamples(Mode.REPEAT, error);
                });
    }

    /** Asks for replies until N parse or the budget of replies (and of requests) is spent. */
    private Uni<Void> sample(Work work) {
        int budget = config.samples() + config.unparsableBudget();
        int needed = config.samples() - work.scores().size();
        int allowed = Math.min(budget - work.samples.size(), budget - work.requests.get());
        int ask = Math.min(needed, allowed);
        if (ask <= 0) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> round;
        if (work.honoursN) {
            round = ask(work, ask).invoke(replies -> {
                if (replies < ask) {
                    // TGI and others ignore n: one request per sample from now on
                    work.honoursN = false;
                }
            }).replaceWithVoid();
        } else {
            round = Multi.createFrom().range(0, ask)
                    .onItem().transformToUniAndMerge(i -> ask(work, 1))
                    .collect().last().replaceWithVoid();
        }
        return round.chain(() -> sample(work));
    }

    /** One request for {@code n} replies; returns how many came back. */
    private Uni<Integer> ask(Work work, int n) {
        ChatRequest request = new ChatRequest(work.judge.variant().model(), work.messages, config.temperature(),
                config.scoreMaxTokens(), null, n > 1 ? n : null, null, null);
        return work.judge.complete(request, work.requests).map(response -> {
            List<ChatResponse.Choice> choices = response.choices() == null ? List.of() : response.choices();
            choices.forEach(choice -> work.add(choice.message() == null ? "" : String.valueOf(choice.message().content())));
            return choices.size();
        });
    }
}
