package io.ragfit.results.statistics;

import java.util.function.DoublePredicate;

/**
 * A time-uniform confidence sequence for the mean of values in [0, 1], by betting: the hedged capital process
 * with predictable plug-in bets of Waudby-Smith &amp; Ramdas (2023), "Estimating means of bounded random
 * variables by betting", JRSS-B 86(1), section 4.2. With probability at least 1 - alpha the true mean lies in
 * every interval of the sequence at once, so it may be looked at after every observation, and a decision taken
 * whenever it excludes a value, without inflating the error. The guarantee is for observations sharing one mean
 * (given the past): when the mean shifts, the intervals say nothing precise about which mean they cover.
 *
 * <p>Two gamblers bet that the mean is above (+) or below (-) a candidate m; each one's capital is a
 * nonnegative martingale when m is the mean, so by Ville's inequality neither reaches 2/alpha with probability
 * above alpha/2. The sequence at time t is the set of m where both are below 2/alpha: an interval, as the +
 * capital does not increase with m and the - capital does not decrease.
 */
public final class ConfidenceSequence {

    /** How far a bet may go toward ruin: each factor of the capital stays at or above 1 - TRUNCATION. */
    static final double TRUNCATION = 0.5;
    /** Halvings of [0, 1]: the bounds within 1e-9, always on the safe (wider) side. */
    private static final int BISECTIONS = 30;

    /** Where the mean is, after n observations: their average and the interval of the sequence. */
    public record Interval(int n, double estimate, double lower, double upper) {

        /** 1 when the interval lies above {@code value}, -1 below it, 0 when it holds it. */
        public int side(double value) {
            return lower > value ? 1 : upper < value ? -1 : 0;
        }
    }

    private final double[] values;
    private final double[] bets;
    private final double threshold;

    /**
     * @param values observations in [0, 1] in the order they arrived
     * @param alpha the error level: the chance that the mean ever leaves the sequence
     */
    public ConfidenceSequence(double[] values, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha is in (0, 1), not " + alpha);
        }
        for (double value : values) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("observations are in [0, 1], not " + value);
            }
        }
        this.values = values.clone();
        this.bets = bets(this.values, alpha);
        this.threshold = Math.log(2 / alpha);
    }

    /**
     * The predictable plug-in bets: lambda_t = sqrt(2 log(2/alpha) / (sigma^2_{t-1} t log(1 + t))), where
     * sigma^2 is a variance estimate regularised by one fake observation of variance 1/4 around 1/2; each
     * depends only on the observations before it.
     */
    static double[] bets(double[] values, double alpha) {
        double[] bets = new double[values.length];
        double logTwoOverAlpha = Math.log(2 / alpha);
        double sum = 0;
        double squares = 0;
        double variance = 0.25;
        for (int t = 1; t <= values.length; t++) {
            bets[t - 1] = Math.sqrt(2 * logTwoOverAlpha / (variance * t * Math.log(1 + t)));
            sum += values[t - 1];
            double mean = (0.5 + sum) / (t + 1);
            squares += (values[t - 1] - mean) * (values[t - 1] - mean);
            variance = (0.25 + squares) / (t + 1);
        }
        return bets;
    }

    public int size() {
        return values.length;
    }

    /** The log of the capital of the gambler betting that the mean is above m, after the first n observations. */
    double logCapitalAbove(int n, double m) {
        double capital = 0;
        double cap = TRUNCATION / m;
        for (int i = 0; i < n; i++) {
            capital += Math.log1p(Math.min(bets[i], cap) * (values[i] - m));
        }
        return capital;
    }

    /** The log of the capital of the gambler betting that the mean is below m, after the first n observations. */
    double logCapitalBelow(int n, double m) {
        double capital = 0;
        double cap = TRUNCATION / (1 - m);
        for (int i = 0; i < n; i++) {
            capital += Math.log1p(-Math.min(bets[i], cap) * (values[i] - m));
        }
        return capital;
    }

    /** The interval after all the observations. */
    public Interval interval() {
        return interval(values.length);
    }

    /** The interval after the first n observations. */
    public Interval interval(int n) {
        if (n == 0) {
            return new Interval(0, Double.NaN, 0, 1);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        // the + gambler's capital falls as m rises, the - gambler's rises: each bound is the edge of what its
        // gambler rules out, found by halving
        double lower = logCapitalAbove(n, Double.MIN_NORMAL) >= threshold
                ? ruledOutEdge(0, 1, m -> logCapitalAbove(n, m) >= threshold) : 0;
        double upper = logCapitalBelow(n, 1 - Math.ulp(1.0)) >= threshold
                ? ruledOutEdge(1, 0, m -> logCapitalBelow(n, m) >= threshold) : 1;
        return new Interval(n, sum / n, lower, upper);
    }

    /**
     * The last point from {@code ruled} (ruled out) toward {@code kept} (not) that is still ruled out, within
     * 2^-BISECTIONS: an interval ending there is never narrower than the set it stands for.
     */
    private static double ruledOutEdge(double ruled, double kept, DoublePredicate ruledOut) {
        for (int i = 0; i < BISECTIONS; i++) {
            double m = (ruled + kept) / 2;
            if (ruledOut.test(m)) {
                ruled = m;
            } else {
                kept = m;
            }
        }
        return ruled;
    }

    /**
     * After each observation, where the sequence stood against {@code value}: 1 above it, -1 below it, 0 holding
     * it. Entry t - 1 is the state after t observations.
     */
    public int[] sides(double value) {
        int[] sides = new int[values.length];
        double above = 0;
        double below = 0;
        double capAbove = TRUNCATION / value;
        double capBelow = TRUNCATION / (1 - value);
        for (int i = 0; i < values.length; i++) {
            above += Math.log1p(Math.min(bets[i], capAbove) * (values[i] - value));
            below += Math.log1p(-Math.min(bets[i], capBelow) * (values[i] - value));
            boolean overAbove = above >= threshold;
            boolean overBelow = below >= threshold;
            sides[i] = overAbove == overBelow ? 0 : overAbove ? 1 : -1;
        }
        return sides;
    }
}
