package io.ragfit.results.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.ShadowSpec;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.results.live.LiveState.Change;
import io.ragfit.results.live.LiveState.Comparison;
import io.ragfit.results.live.LiveState.Decision;
import io.ragfit.results.live.LiveState.Drift;
import io.ragfit.results.live.LiveState.Point;
import io.ragfit.results.statistics.ConfidenceSequence;

/**
 * From a shadow run's completed questions, in the order they ended, to its live state: for each candidate and
 * metric, the paired differences with production on the questions both were scored on, as a confidence
 * sequence (G-Eval scores lie in [1, 5], reference metrics in [0, 1]: differences are rescaled to [0, 1]); for
 * each variant and metric, a confidence sequence over its latest {@code window} scores.
 */
final class LiveComparison {

    static final int POINTS = 16;
    static final int CHANGES = 20;
    private static final double NO_DIFFERENCE = 0.5;

    /** One completed question: when it ended and its scores, by variant then metric. */
    record Question(String id, Instant completedAt, Map<String, Map<String, Double>> scores) {
    }

    /** A metric's range: G-Eval criteria score 1 to 5, reference metrics 0 to 1. */
    record Range(double low, double high) {

        static Range of(String kind) {
            return "GEVAL".equals(kind) ? new Range(1, 5) : new Range(0, 1);
        }

        double width() {
            return high - low;
        }

        /** A value as a share of the range, clamped (a cosine similarity can dip below 0). */
        double unit(double value) {
            return Math.clamp((value - low) / width(), 0.0, 1.0);
        }

        /** A difference of two values as a share of [-width, width]. */
        double unitDifference(double difference) {
            return Math.clamp((difference + width()) / (2 * width()), 0.0, 1.0);
        }
    }

    private LiveComparison() {
    }

    /**
     * @param kinds each metric's kind ({@code GEVAL} or {@code REFERENCE}), in the order to show them
     */
    static LiveState compute(Run run, List<Question> questions, Map<String, String> kinds, Instant now) {
        ShadowSpec shadow = run.requireShadow();
        List<String> candidates = shadow.candidates(run.variantNames());
        List<Comparison> comparisons = new ArrayList<>();
        for (String candidate : candidates) {
            kinds.forEach((metric, kind) -> {
                Comparison comparison = compare(questions, shadow.production(), candidate, metric, kind, shadow.alpha());
                if (comparison != null) {
                    comparisons.add(comparison);
                }
            });
        }
        List<Drift> drift = new ArrayList<>();
        for (String variant : run.variantNames()) {
            kinds.forEach((metric, kind) -> {
                Drift rolling = drift(questions, variant, metric, kind, shadow);
                if (rolling != null) {
                    drift.add(rolling);
                }
            });
        }
        return new LiveState(run.id(), run.name(), shadow.production(), candidates, shadow.alpha(), shadow.window(),
                questions.size(), labels(run), comparisons, drift, now);
    }

    /** What the figures come from when it is not a model judged by a model. */
    static List<String> labels(Run run) {
        List<String> labels = new ArrayList<>();
        List<String> builtin = run.variants().stream().filter(VariantDefinition::builtin).map(VariantDefinition::name).toList();
        if (!builtin.isEmpty()) {
            labels.add("built-in readers " + builtin + ": extractive embedded defaults, not models");
        }
        if (run.judge() == null) {
            labels.add("reference metrics only: the run has no judge");
        }
        return labels;
    }

    private static Comparison compare(List<Question> questions, String production, String candidate, String metric,
            String kind, double alpha) {
        Range range = Range.of(kind);
        List<Double> differences = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (Question question : questions) {
            Double base = value(question, production, metric);
            Double other = value(question, candidate, metric);
            if (base != null && other != null) {
                differences.add(range.unitDifference(other - base));
                times.add(question.completedAt());
            }
        }
        if (differences.isEmpty()) {
            return null;
        }
        ConfidenceSequence sequence = new ConfidenceSequence(differences.stream().mapToDouble(Double::doubleValue).toArray(),
                alpha);
        int n = sequence.size();
        int[] sides = sequence.sides(NO_DIFFERENCE);
        Decision decision = Decision.of(sides[n - 1]);
        List<Change> changes = new ArrayList<>();
        int streak = 0;
        for (int i = 0; i < n; i++) {
            if (sides[i] != (i == 0 ? 0 : sides[i - 1])) {
                changes.add(new Change(Decision.of(sides[i]), i + 1, times.get(i)));
                streak = i;
            }
        }
        boolean decided = decision != Decision.UNDECIDED;
        ConfidenceSequence.Interval last = sequence.interval();
        List<Point> trajectory = new ArrayList<>();
        for (int n0 : checkpoints(n)) {
            ConfidenceSequence.Interval at = sequence.interval(n0);
            trajectory.add(new Point(n0, times.get(n0 - 1), difference(range, at.estimate()), difference(range, at.lower()),
                    difference(range, at.upper())));
        }
        return new Comparison(candidate, metric, kind, n, difference(range, last.estimate()), difference(range, last.lower()),
                difference(range, last.upper()), decision, decided ? streak + 1 : null, decided ? times.get(streak) : null,
                changes.subList(Math.max(0, changes.size() - CHANGES), changes.size()), trajectory);
    }

    private static Drift drift(List<Question> questions, String variant, String metric, String kind, ShadowSpec shadow) {
        Range range = Range.of(kind);
        List<Double> values = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (Question question : questions) {
            Double value = value(question, variant, metric);
            if (value != null) {
                values.add(range.unit(value));
                times.add(question.completedAt());
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        int window = shadow.window();
        int from = Math.max(0, values.size() - window);
        ConfidenceSequence recent = new ConfidenceSequence(values.subList(from, values.size()).stream()
                .mapToDouble(Double::doubleValue).toArray(), shadow.alpha());
        ConfidenceSequence.Interval interval = recent.interval();
        double[] sums = new double[values.size() + 1];
        for (int i = 0; i < values.size(); i++) {
            sums[i + 1] = sums[i] + values.get(i);
        }
        List<Point> trajectory = new ArrayList<>();
        for (int n : checkpoints(values.size())) {
            int start = Math.max(0, n - window);
            trajectory.add(new Point(n, times.get(n - 1), level(range, (sums[n] - sums[start]) / (n - start)), null, null));
        }
        Double threshold = shadow.thresholds().get(metric);
        double upper = level(range, interval.upper());
        return new Drift(variant, metric, kind, recent.size(), level(range, interval.estimate()),
                level(range, interval.lower()), upper, threshold, threshold != null && upper < threshold, trajectory);
    }

    /** Up to {@link #POINTS} evenly spaced counts, ending with n. */
    static List<Integer> checkpoints(int n) {
        Set<Integer> points = new LinkedHashSet<>();
        for (int k = 1; k <= POINTS; k++) {
            points.add((int) Math.ceil((double) k * n / POINTS));
        }
        points.remove(0);
        return List.copyOf(points);
    }

    private static Double value(Question question, String variant, String metric) {
        Map<String, Double> scores = question.scores().get(variant);
        return scores == null ? null : scores.get(metric);
    }

    /** A share of [0, 1] back to a difference of the metric's values. */
    private static double difference(Range range, double unit) {
        return unit * 2 * range.width() - range.width();
    }

    /** A share of [0, 1] back to a value of the metric. */
    private static double level(Range range, double unit) {
        return range.low() + unit * range.width();
    }
}
