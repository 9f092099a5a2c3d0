package io.ragfit.results.statistics;

import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * Values of one metric summarised: their number, mean, sample standard deviation and a 95% bootstrap
 * confidence interval of the mean.
 *
 * @param standardDeviation null below two values
 */
public record Aggregate(int n, double mean, Double standardDeviation, double ciLow, double ciHigh) {

    public static final double LEVEL = 0.95;

    public static Aggregate of(double[] values, int resamples, long seed) {
        SummaryStatistics statistics = new SummaryStatistics();
        for (double value : values) {
            statistics.addValue(value);
        }
        Bootstrap.Interval interval = Bootstrap.meanInterval(values, resamples, seed, LEVEL);
        return new Aggregate(values.length, statistics.getMean(),
                values.length < 2 ? null : statistics.getStandardDeviation(), interval.low(), interval.high());
    }
}
