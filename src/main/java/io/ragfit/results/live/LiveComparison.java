package io.ragfit.results.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.ShadowSpec;
import io.ragfit.evaluation.ShadowSpec.Scale;
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
 * sequence (values rescaled to [0, 1] on the metric's scale, differences to [0, 1] from [-1, 1]); for each
 * variant and metric, a confidence sequence over its latest {@code window} scores.
 */
final class LiveComparison {

    static final int POINTS = 16;
    static final int CHANGES = 20;
    private static final double NO_DIFFERENCE = 0.5;

    /** One completed question: when it ended and its scores, by variant then metric. */
    record Question(String id, Instant completedAt, Map<String, Map<String, Double>> scores) {
    }

    /**
     * The questions a state is computed from.
     *
     * @param first the run's first completed questions, in the order they ended: the comparisons (a sequence
     *            stopped at a fixed number of questions keeps its guarantee)
     * @param latest its latest completed questions, in the order they ended: drift
     * @param completed every completed question of the run
     * @param kinds each metric's kind ({@code GEVAL} or {@code REFERENCE}), in the order to show them
     */
    record Completed(List<Question> first, List<Question> latest, long completed, Map<String, String> kinds) {
    }

    private LiveComparison() {
    }

    static LiveState compute(Run run, Completed completed, Map<String, Scale> scales, Instant now) {
        ShadowSpec shadow = run.requireShadow();
        List<String> candidates = shadow.candidates(run.variantNames());
        List<Comparison> comparisons = new ArrayList<>();
        for (String candidate : candidates) {
            completed.kinds().forEach((metric, kind) -> {
                Comparison comparison = compare(completed.first(), shadow.production(), candidate, metric, kind,
                        scale(scales, metric, kind), shadow.alpha());
                if (comparison != null) {
                    comparisons.add(comparison);
                }
            });
        }
        List<Drift> drift = new ArrayList<>();
        for (String variant : run.variantNames()) {
            completed.kinds().forEach((metric, kind) -> {
                Drift rolling = drift(completed.latest(), variant, metric, kind, scale(scales, metric, kind), shadow);
                if (rolling != null) {
                    drift.add(rolling);
                }
            });
        }
        return new LiveState(run.id(), run.name(), shadow.production(), candidates, shadow.alpha(), shadow.window(),
                completed.completed(), completed.first().size(), completed.completed() > completed.first().size(),
                labels(run), comparisons, drift, now);
    }

    /** A metric's scale; a criterion no longer configured keeps G-Eval's 1 to 5. */
    private static Scale scale(Map<String, Scale> scales, String metric, String kind) {
        return scales.getOrDefault(metric, "GEVAL".equals(kind) ? new Scale(1, 5) : new Scale(0, 1));
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

    static Comparison compare(List<Question> questions, String production, String candidate, String metric,
            String kind, Scale scale, double alpha) {
        List<Double> differences = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        int unpaired = 0;
        for (Question question : questions) {
            Double base = value(question, production, metric);
            Double other = value(question, candidate, metric);
            if (base != null && other != null) {
                differences.add((scale.unit(other) - scale.unit(base) + 1) / 2);
                times.add(question.completedAt());
            } else if (base != null || other != null) {
                unpaired++;
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
        for (int checkpoint : checkpoints(n)) {
            ConfidenceSequence.Interval at = sequence.interval(checkpoint);
            trajectory.add(new Point(checkpoint, times.get(checkpoint - 1), difference(scale, at.estimate()),
                    difference(scale, at.lower()), difference(scale, at.upper())));
        }
        return new Comparison(candidate, metric, kind, n, unpaired, difference(scale, last.estimate()),
                difference(scale, last.lower()), difference(scale, last.upper()), decision, decided ? streak + 1 : null,
                decided ? times.get(streak) : null, changes.subList(Math.max(0, changes.size() - CHANGES), changes.size()),
                trajectory);
    }

    static Drift drift(List<Question> questions, String variant, String metric, String kind, Scale scale,
            ShadowSpec shadow) {
        List<Double> values = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (Question question : questions) {
            Double value = value(question, variant, metric);
            if (value != null) {
                values.add(scale.unit(value));
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
            trajectory.add(new Point(n, times.get(n - 1), level(scale, (sums[n] - sums[start]) / (n - start)), null, null));
        }
        Double threshold = shadow.thresholds().get(metric);
        double upper = level(scale, interval.upper());
        return new Drift(variant, metric, kind, recent.size(), level(scale, interval.estimate()),
                level(scale, interval.lower()), upper, threshold, threshold != null && upper < threshold, trajectory);
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
    private static double difference(Scale scale, double unit) {
        return (2 * unit - 1) * scale.width();
    }

    /** A share of [0, 1] back to a value of the metric. */
    private static double level(Scale scale, double unit) {
        return scale.low() + unit * scale.width();
    }
}
