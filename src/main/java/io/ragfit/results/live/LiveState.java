package io.ragfit.results.live;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A live run's shadow comparison as it stands: each candidate against production on each metric, and each
 * variant's rolling quality.
 *
 * @param questions completed questions of the run
 * @param compared the first of them, which the comparisons cover (at most {@code ragfit.live.max-questions})
 * @param capped whether later questions are left out of the comparisons (they still count in drift)
 * @param labels what the figures come from when it is not a model judged by a model (built-in readers,
 *            reference metrics only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveState(UUID runId, String run, String production, List<String> candidates, double alpha, int window,
        long questions, int compared, boolean capped, List<String> labels, List<Comparison> comparisons, List<Drift> drift, Instant computedAt) {

    public enum Decision {
        BETTER, WORSE, UNDECIDED;

        static Decision of(int side) {
            return side > 0 ? BETTER : side < 0 ? WORSE : UNDECIDED;
        }
    }

    /**
     * A candidate against production on one metric: the mean paired difference (candidate - production) with
     * its confidence sequence, and the decision it supports.
     *
     * @param unpaired questions one of the two was scored on and the other not (a failed answer, an unreadable
     *            judgement): left out of the pairs
     * @param decidedAfter pairs after which the current decision was reached (and held since)
     * @param changes every change of decision, oldest first (the latest 20)
     * @param trajectory the estimate and sequence at evenly spaced points, for charts
     */
    public record Comparison(String candidate, String metric, String kind, int n, int unpaired, Double estimate, double lower,
            double upper, Decision decision, Integer decidedAfter, Instant decidedAt, List<Change> changes,
            List<Point> trajectory) {
    }

    public record Change(Decision decision, int n, Instant at) {
    }

    public record Point(int n, Instant at, double estimate, Double lower, Double upper) {
    }

    /**
     * One variant's quality on one metric over its latest {@code window} scores, with a confidence sequence over
     * them; {@code alert} when it lies wholly below the run's threshold for the metric.
     *
     * @param trajectory the rolling mean at evenly spaced points, for charts
     */
    public record Drift(String variant, String metric, String kind, int n, Double estimate, double lower, double upper,
            Double threshold, boolean alert, List<Point> trajectory) {
    }
}
