package io.ragfit.results.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.ShadowSpec;
import io.ragfit.evaluation.ShadowSpec.Scale;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.results.live.LiveComparison.Completed;
import io.ragfit.results.live.LiveComparison.Question;
import io.ragfit.results.live.LiveState.Decision;

/** From stored scores to decisions and drift, without a backend. */
class LiveComparisonTests {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final Map<String, Scale> SCALES = ShadowSpec.scales(List.of(io.ragfit.judge.Criterion.ACCURACY));

    private static Run run(ShadowSpec shadow) {
        List<VariantDefinition> variants = List.of(chat("prod"), chat("cand"));
        return new Run(UUID.randomUUID(), "shadow", Run.Kind.BATCH, "c", variants, chat("judge"), null,
                List.of("accuracy"), null, START, shadow);
    }

    private static VariantDefinition chat(String name) {
        return new VariantDefinition(name, VariantDefinition.Role.BASE, null, VariantDefinition.Kind.OPENAI,
                URI.create("http://models:8000/v1"), name + "-model", null, null, 4, null);
    }

    private static ShadowSpec shadow(int window, Map<String, Double> thresholds) {
        return new ShadowSpec("prod", 1.0, null, Map.of(), 0.05, window, thresholds);
    }

    /** Question i ends at START + i s with these scores of one metric. */
    private static Question question(int i, String metric, Double production, Double candidate) {
        Map<String, Map<String, Double>> scores = new LinkedHashMap<>();
        if (production != null) {
            scores.put("prod", new LinkedHashMap<>(Map.of(metric, production)));
        }
        if (candidate != null) {
            scores.put("cand", new LinkedHashMap<>(Map.of(metric, candidate)));
        }
        return new Question("q" + i, START.plusSeconds(i), scores);
    }

    private static LiveState compute(List<Question> questions, String metric, String kind, ShadowSpec shadow) {
        return LiveComparison.compute(run(shadow), new Completed(questions, questions, questions.size(),
                Map.of(metric, kind)), SCALES, START);
    }

    @Test
    void shouldShowACandidateThatTurnedWorseAfterBeingBetterWithWhenEachDecisionCame() {
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            questions.add(question(i, "accuracy", 1.0, 5.0));
        }
        for (int i = 30; i < 400; i++) {
            questions.add(question(i, "accuracy", 5.0, 1.0));
        }

        LiveState.Comparison comparison = compute(questions, "accuracy", "GEVAL", shadow(200, Map.of())).comparisons()
                .getFirst();

        assertThat(comparison.changes()).extracting(LiveState.Change::decision)
                .containsExactly(Decision.BETTER, Decision.UNDECIDED, Decision.WORSE);
        LiveState.Change better = comparison.changes().getFirst();
        // each pair at +4 of a 1-5 scale wins a bet capped at half the capital: x1.5, and 1.5^10 > 2 / 0.05
        assertThat(better.n()).isEqualTo(10);
        assertThat(better.at()).isEqualTo(START.plusSeconds(9));
        LiveState.Change worse = comparison.changes().getLast();
        assertThat(comparison.decision()).isEqualTo(Decision.WORSE);
        assertThat(comparison.decidedAfter()).isEqualTo(worse.n());
        assertThat(comparison.decidedAt()).isEqualTo(START.plusSeconds(worse.n() - 1));
        assertThat(comparison.estimate()).isCloseTo(4.0 * (30 - 370) / 400, within(1e-9));
        assertThat(comparison.upper()).isLessThan(0);
        assertThat(comparison.trajectory()).hasSize(LiveComparison.POINTS).last()
                .satisfies(point -> assertThat(point.n()).isEqualTo(400));
    }

    @Test
    void shouldPairOnlyQuestionsBothWereScoredOnAndCountTheOthers() {
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            questions.add(question(i, "accuracy", 3.0, i % 4 == 0 ? null : 4.0));
        }

        LiveState.Comparison comparison = compute(questions, "accuracy", "GEVAL", shadow(200, Map.of())).comparisons()
                .getFirst();

        assertThat(comparison.n()).isEqualTo(15);
        assertThat(comparison.unpaired()).isEqualTo(5);
        assertThat(comparison.estimate()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void shouldClampEachValueToItsScaleBeforeTakingTheDifference() {
        // a cosine similarity of -0.2 counts as 0 on the reference metrics' 0-1 scale: the difference is 0.8
        List<Question> questions = List.of(question(0, "semantic_similarity", -0.2, 0.8),
                question(1, "semantic_similarity", -0.2, 0.8));

        LiveState.Comparison comparison = compute(questions, "semantic_similarity", "REFERENCE", shadow(200, Map.of()))
                .comparisons().getFirst();

        assertThat(comparison.estimate()).isCloseTo(0.8, within(1e-9));
        assertThat(comparison.lower()).isGreaterThanOrEqualTo(-1.0);
        assertThat(comparison.upper()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void shouldEstimateDriftOverTheLatestWindowAndAlertOnlyWhenItsSequenceLiesWhollyBelowTheThreshold() {
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // production at 5 for 200 questions, then at 2 for 100
            questions.add(question(i, "accuracy", i < 200 ? 5.0 : 2.0, 4.0));
        }

        LiveState state = compute(questions, "accuracy", "GEVAL", shadow(100, Map.of("accuracy", 3.5)));

        LiveState.Drift production = state.drift().stream().filter(drift -> drift.variant().equals("prod")).findFirst()
                .orElseThrow();
        assertThat(production.n()).isEqualTo(100);
        assertThat(production.estimate()).isCloseTo(2.0, within(1e-9));
        assertThat(production.upper()).isLessThan(3.5);
        assertThat(production.alert()).isTrue();
        assertThat(production.trajectory().getFirst().estimate()).isCloseTo(5.0, within(1e-9));
        LiveState.Drift candidate = state.drift().stream().filter(drift -> drift.variant().equals("cand")).findFirst()
                .orElseThrow();
        assertThat(candidate.alert()).isFalse();
        assertThat(candidate.lower()).isLessThanOrEqualTo(4.0);
    }

    @Test
    void shouldSayWhenLaterQuestionsAreLeftOutOfTheComparisons() {
        List<Question> questions = List.of(question(0, "accuracy", 3.0, 4.0), question(1, "accuracy", 3.0, 4.0));

        LiveState state = LiveComparison.compute(run(shadow(200, Map.of())), new Completed(questions, questions, 5000,
                Map.of("accuracy", "GEVAL")), SCALES, START);

        assertThat(state.questions()).isEqualTo(5000);
        assertThat(state.compared()).isEqualTo(2);
        assertThat(state.capped()).isTrue();
    }
}
