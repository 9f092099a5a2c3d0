package io.ragfit.results.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.RunView;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;
import io.ragfit.generation.VariantView;
import io.ragfit.results.report.ReportData.Score;

class ReportBuilderTests {

    private static VariantView variant(String name, Role role, String base, boolean builtin) {
        return new VariantView(name, role, base, builtin ? Kind.BUILTIN_EXTRACTIVE : Kind.OPENAI, null, name + "-model", false,
                null, 4, null, builtin, null, null);
    }

    private static ReportData data(List<Score> scores, Map<String, VariantView> variants) {
        RunView run = new RunView(UUID.randomUUID(), "r", Run.Kind.BATCH, "c", List.of("base", "tuned"), null, null, null, 5,
                Instant.EPOCH, List.copyOf(variants.values()), null, null);
        return new ReportData(run, variants, null, Map.of("COMPLETED", 4L), scores, List.of(), List.of(), List.of("h1"),
                List.of(), Instant.EPOCH);
    }

    private static List<Score> scores(String metric, String kind, double[] base, double[] tuned) {
        List<Score> scores = new ArrayList<>();
        for (int i = 0; i < base.length; i++) {
            scores.add(new Score("c", "q" + i, "base", metric, kind, base[i]));
        }
        for (int i = 0; i < tuned.length; i++) {
            scores.add(new Score("c", "q" + i, "tuned", metric, kind, tuned[i]));
        }
        return scores;
    }

    @Test
    void shouldCompareOnSharedQuestionsAndCorrectAcrossTheRun() {
        List<Score> scores = new ArrayList<>(scores("accuracy", "GEVAL", new double[] { 2, 3, 2, 3, 1, 2 },
                new double[] { 4, 5, 4, 5, 3 }));
        scores.addAll(scores("token_f1", "REFERENCE", new double[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 },
                new double[] { 0.2, 0.1, 0.3, 0.5, 0.4, 0.6 }));
        Map<String, VariantView> variants = Map.of("base", variant("base", Role.BASE, null, false),
                "tuned", variant("tuned", Role.FINE_TUNED, "base", false));

        RunReport report = ReportBuilder.build(data(scores, variants), 500, 1);

        RunReport.ComparisonRow accuracy = report.comparisons().stream().filter(row -> row.metric().equals("accuracy"))
                .findFirst().orElseThrow();
        assertThat(accuracy.n()).as("q5 has no tuned score: left out").isEqualTo(5);
        assertThat(accuracy.meanDelta()).isCloseTo(2.0, within(1e-12));
        assertThat(accuracy.wins()).isEqualTo(5);
        assertThat(report.comparisons()).hasSize(2);
        double[] raw = report.comparisons().stream().mapToDouble(RunReport.ComparisonRow::pValue).toArray();
        double smaller = Math.min(raw[0], raw[1]);
        assertThat(report.comparisons().stream().mapToDouble(RunReport.ComparisonRow::pHolm).min().orElseThrow())
                .isCloseTo(Math.min(1, 2 * smaller), within(1e-12));
        assertThat(report.aggregates()).hasSize(4);
        assertThat(report.label()).isNull();
        assertThat(report.run().scoresHash()).isEqualTo(ReportBuilder.build(data(scores, variants), 500, 1).run().scoresHash());
    }

    @Test
    void shouldGiveTheSameIntervalsForTheSameSeed() {
        List<Score> scores = scores("token_f1", "REFERENCE", new double[] { 0.1, 0.9, 0.3, 0.4, 0.2 },
                new double[] { 0.5, 0.1, 0.6, 0.2, 0.8 });
        Map<String, VariantView> variants = Map.of("base", variant("base", Role.BASE, null, false),
                "tuned", variant("tuned", Role.FINE_TUNED, "base", false));

        assertThat(ReportBuilder.build(data(scores, variants), 500, 7).aggregates())
                .isEqualTo(ReportBuilder.build(data(scores, variants), 500, 7).aggregates());
    }

    @Test
    void shouldLabelBuiltinReadersAndReferenceOnlyFigures() {
        List<Score> scores = scores("token_f1", "REFERENCE", new double[] { 0.1, 0.2 }, new double[] { 0.3, 0.1 });
        Map<String, VariantView> variants = Map.of("base", variant("base", Role.BASE, null, true),
                "tuned", variant("tuned", Role.BASE, null, false));

        RunReport report = ReportBuilder.build(data(scores, variants), 100, 1);

        assertThat(report.label()).contains(ReportBuilder.BUILTIN_LABEL, ReportBuilder.REFERENCE_ONLY_LABEL);
        assertThat(report.comparisons()).as("no variant is fine-tuned from another").isEmpty();
        assertThat(report.aggregates()).filteredOn(RunReport.AggregateRow::builtin).extracting(RunReport.AggregateRow::variant)
                .containsOnly("base");
    }
}
