package io.ragfit.results.statistics;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Percentile bootstrap confidence intervals, seeded so that a report computed twice says the same. */
public final class Bootstrap {

    /** The interval's bounds. */
    public record Interval(double low, double high) {
    }

    private Bootstrap() {
    }

    /**
     * The percentile bootstrap interval of the mean: {@code resamples} resamples of the values with replacement,
     * and the {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles of their means.
     */
    public static Interval meanInterval(double[] values, int resamples, long seed, double level) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to resample");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < values.length; i++) {
                sum += values[random.nextInt(values.length)];
            }
            means[r] = sum / values.length;
        }
        Arrays.sort(means);
        return new Interval(quantile(means, (1 - level) / 2), quantile(means, (1 + level) / 2));
    }

    /** Linear interpolation between the order statistics around {@code p}. */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
