package io.ragfit.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.ragfit.generation.ChatEndpoint;
import io.ragfit.generation.GuardedChatEndpoints;
import io.ragfit.judge.JudgeConfig.Mode;
import io.ragfit.openai.ChatRequest;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.testing.InMemoryChatModel;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * G-Eval's scoring (samples, {@code n}, log probabilities, fallbacks, outages) against an in-memory model: no stack,
 * no process, a few milliseconds a test. {@link JudgeTests} judges through the API, the store and an HTTP double.
 */
class GEvalJudgeTests {

    private static final EvaluationSteps.Steps STEPS = new EvaluationSteps.Steps(
            "1. Read the question and the context.\n2. Check the answer against the context.", "test-steps");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryChatModel model = new InMemoryChatModel();
    private final ChatEndpoint endpoint = GuardedChatEndpoints.of(model, "judge");
    private final GEvalJudge judge = new GEvalJudge(config());

    private Uni<Judgement> judge(Mode mode, Judge.OnOutage onOutage) {
        return judge.judge(endpoint, Criterion.ACCURACY, STEPS, "Who got the first Nobel Prize in physics?",
                List.of("The first Nobel Prize in Physics was awarded in 1901 to Wilhelm Conrad Röntgen."),
                "Wilhelm Conrad Röntgen, in 1901.", "Wilhelm Conrad Röntgen", mode, onOutage);
    }

    private Judgement judged(Mode mode) {
        return judge(mode, Judge.OnOutage.RECORD).subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitItem(WAIT).getItem();
    }

    /** The model's replies in turn, across requests and choices. */
    private void replies(String... replies) {
        AtomicInteger next = new AtomicInteger();
        model.replyWith(request -> replies[next.getAndIncrement() % replies.length]);
    }

    private List<ChatRequest> requests() {
        return model.received().stream().map(InMemoryChatModel.Received::request).toList();
    }

    @Test
    void shouldAverageTenParsedSamplesAskingWithNAndNeverCountingAnUnparsableReply() {
        replies("4", "Score: 5", "**3**", "I am not sure", "4/5");

        Judgement judgement = judged(Mode.REPEAT);

        // replies 4 5 3 ? 4 | 4 5 3 ? 4 | 4 5: ten scores summing to 41, two unparsable replies kept apart
        assertThat(judgement.score()).isCloseTo(4.1, within(1e-9));
        assertThat(judgement.validSamples()).isEqualTo(10);
        assertThat(judgement.samples()).hasSize(12);
        assertThat(judgement.samples()).filteredOn(sample -> sample.score() == null).extracting(Judgement.Sample::reply)
                .containsExactly("I am not sure", "I am not sure");
        assertThat(judgement.standardDeviation()).isCloseTo(0.7379, within(1e-4));
        assertThat(judgement.requests()).isEqualTo(2);
        assertThat(judgement.mode()).isEqualTo(Mode.REPEAT);
        assertThat(judgement.judgeVariant()).isEqualTo("judge");
        assertThat(judgement.judgeModel()).isEqualTo("judge-model");
        assertThat(judgement.promptHash()).hasSize(64);
        assertThat(judgement.stepsVersion()).isEqualTo("test-steps");
        assertThat(judgement.error()).isNull();
        assertThat(requests()).extracting(ChatRequest::n).containsExactly(10, 2);
        assertThat(requests()).extracting(ChatRequest::temperature).containsOnly(1.0);
        assertThat(requests().getFirst().messages().getFirst().content())
                .contains(STEPS.text()).contains("Reference answer:\n\nWilhelm Conrad Röntgen").endsWith("- Accuracy:");
    }

    @Test
    void shouldAskOneSampleAtATimeFromAnEndpointThatIgnoresN() {
        model.ignoreN();

        Judgement judgement = judged(Mode.REPEAT);

        assertThat(judgement.score()).isEqualTo(4.0);
        assertThat(judgement.standardDeviation()).isZero();
        assertThat(judgement.requests()).isEqualTo(10);
        assertThat(requests()).extracting(ChatRequest::n).containsExactly(10, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void shouldWeightTheScaleByItsLogProbabilitiesInOneCall() {
        model.tokenProbabilities(Map.of("4", 0.6, "5", 0.3, "3", 0.1));

        Judgement judgement = judged(Mode.LOGPROBS);

        assertThat(judgement.score()).isCloseTo(4.2, within(1e-9));
        assertThat(judgement.distribution()).containsOnlyKeys(3, 4, 5);
        assertThat(judgement.requests()).isEqualTo(1);
        assertThat(judgement.mode()).isEqualTo(Mode.LOGPROBS);
        assertThat(judgement.fallback()).isNull();
        assertThat(requests().getFirst().logprobs()).isTrue();
        assertThat(requests().getFirst().topLogprobs()).isEqualTo(20);
        assertThat(requests().getFirst().temperature()).isZero();
    }

    @Test
    void shouldFallBackToRepeatAndSaySoWhenNoLogProbabilitiesComeBack() {
        replies("3");

        Judgement judgement = judged(Mode.LOGPROBS);

        assertThat(judgement.mode()).isEqualTo(Mode.REPEAT);
        assertThat(judgement.fallback()).contains("no log probabilities").contains("repeating 10 samples");
        assertThat(judgement.score()).isEqualTo(3.0);
        assertThat(judgement.validSamples()).isEqualTo(10);
        assertThat(judgement.requests()).isEqualTo(2);
    }

    @Test
    void shouldGiveNoScoreRatherThanAFalseOneWhenNoReplyParses() {
        replies("I cannot judge this answer.");

        Judgement judgement = judged(Mode.REPEAT);

        assertThat(judgement.score()).isNull();
        assertThat(judgement.validSamples()).isZero();
        assertThat(judgement.samples()).hasSize(20);
        assertThat(judgement.error()).isEqualTo("none of the judge's 20 replies held a score between 1 and 5");
    }

    @Test
    void shouldKeepWhatWasScoredBeforeAnOutageAndSayItIsPartial() {
        replies("4", "4", "4", "4", "4", "4", "4", "4", "no idea", "no idea");
        // the first request is answered; the one asking again for the two unparsable replies, and its retries, fail
        model.respondWith(200, 503, 503, 503);

        Judgement judgement = judged(Mode.REPEAT);

        assertThat(judgement.score()).isEqualTo(4.0);
        assertThat(judgement.validSamples()).isEqualTo(8);
        assertThat(judgement.error()).isEqualTo("HTTP 503 from http://in-memory.invalid/v1 (3 attempts)");
        assertThat(judgement.requests()).isEqualTo(4);
    }

    @Test
    void shouldRecordALogprobJudgementTheOutagePreventedWithoutAScore() {
        model.tokenProbabilities(Map.of("4", 0.6, "5", 0.4)).respondWith(503, 503, 503);

        Judgement judgement = judged(Mode.LOGPROBS);

        assertThat(judgement.mode()).isEqualTo(Mode.LOGPROBS);
        assertThat(judgement.score()).isNull();
        assertThat(judgement.samples()).isEmpty();
        assertThat(judgement.fallback()).isNull();
        assertThat(judgement.error()).isEqualTo("HTTP 503 from http://in-memory.invalid/v1 (3 attempts)");
    }

    @Test
    void shouldSayAFallbackToRepeatWasUnderWayWhenAnOutageEndedIt() {
        // no log probabilities come back, so the judge repeats samples; the request for them fails
        replies("4");
        model.respondWith(200, 503, 503, 503);

        Judgement judgement = judged(Mode.LOGPROBS);

        assertThat(judgement.mode()).isEqualTo(Mode.REPEAT);
        assertThat(judgement.fallback()).contains("no log probabilities");
        assertThat(judgement.score()).isNull();
        assertThat(judgement.error()).contains("HTTP 503").contains("3 attempts");
        assertThat(judgement.requests()).isEqualTo(4);
    }

    @Test
    void shouldFailForTheCallerToAskAgainWhenTheJudgeIsDownAndOutagesAreNotRecorded() {
        model.respondWith(503, 503, 503);

        EndpointUnavailableException failure = (EndpointUnavailableException) judge(Mode.REPEAT, Judge.OnOutage.FAIL)
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitFailure(WAIT).assertFailedWith(EndpointUnavailableException.class).getFailure();

        assertThat(failure.getMessage()).contains("HTTP 503").contains("3 attempts");
        assertThat(model.received()).hasSize(3);
    }

    @Test
    void shouldRecordARefusalWithoutRetryingItEvenWhenOutagesFail() {
        model.respondWith(400);

        Judgement judgement = judge(Mode.REPEAT, Judge.OnOutage.FAIL).subscribe().withSubscriber(UniAssertSubscriber.create())
                .awaitItem(WAIT).getItem();

        assertThat(judgement.score()).isNull();
        assertThat(judgement.error()).isEqualTo("HTTP 400 from http://in-memory.invalid/v1 (1 attempt)");
        assertThat(model.received()).hasSize(1);
    }

    /** The defaults: 10 samples, 10 more for unparsable replies, 20 top log probabilities. */
    private static JudgeConfig config() {
        return new JudgeConfig() {
            @Override
            public Optional<String> variant() {
                return Optional.of("judge");
            }

            @Override
            public Mode mode() {
                return Mode.REPEAT;
            }

            @Override
            public int samples() {
                return 10;
            }

            @Override
            public double temperature() {
                return 1.0;
            }

            @Override
            public int unparsableBudget() {
                return 10;
            }

            @Override
            public int topLogprobs() {
                return 20;
            }

            @Override
            public int scoreMaxTokens() {
                return 8;
            }

            @Override
            public int stepsMaxTokens() {
                return 512;
            }

            @Override
            public List<String> defaultCriteria() {
                return List.of("accuracy", "completeness");
            }

            @Override
            public Map<String, CriterionConfig> criteria() {
                return Map.of();
            }
        };
    }
}
