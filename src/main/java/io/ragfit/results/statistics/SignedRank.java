package io.ragfit.results.statistics;

import java.util.Arrays;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The Wilcoxon signed-rank test of paired scores (two-sided), with Wilcoxon's treatment of zero differences:
 * they are dropped. Exact p-value (Commons Math) for up to {@link #EXACT_MAX_N} differences without ties;
 * otherwise the normal approximation with the tie correction of the variance and a continuity correction,
 * as R's {@code wilcox.test} and SciPy's {@code wilcoxon(correction=True)} compute it.
 */
public final class SignedRank {

    /** Beyond this the exact distribution is enumerated no more (Commons Math walks all 2^n sign patterns). */
    public static final int EXACT_MAX_N = 20;

    public enum Method {
        EXACT, NORMAL, NO_DIFFERENCE
    }

    /**
     * @param n differences that are not zero
     * @param zeros pairs with equal scores, left out
     * @param statistic W+, the sum of the ranks of positive differences ({@code tuned - base})
     */
    public record Result(int n, int zeros, double statistic, double pValue, Method method) {
    }

    private static final double ZERO = 1e-9;

    private SignedRank() {
    }

    public static Result test(double[] base, double[] tuned) {
        if (base.length != tuned.length) {
            throw new IllegalArgumentException("paired scores: " + base.length + " and " + tuned.length);
        }
        int n = 0;
        double[] nonZeroBase = new double[base.length];
        double[] nonZeroTuned = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            if (Math.abs(tuned[i] - base[i]) > ZERO) {
                nonZeroBase[n] = base[i];
                nonZeroTuned[n] = tuned[i];
                n++;
            }
        }
        int zeros = base.length - n;
        if (n == 0) {
            return new Result(0, zeros, 0, 1.0, Method.NO_DIFFERENCE);
        }
        double[] differences = new double[n];
        double[] magnitudes = new double[n];
        for (int i = 0; i < n; i++) {
            differences[i] = nonZeroTuned[i] - nonZeroBase[i];
            magnitudes[i] = Math.abs(differences[i]);
        }
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(magnitudes);
        double positive = 0;
        for (int i = 0; i < n; i++) {
            if (differences[i] > 0) {
                positive += ranks[i];
            }
        }
        double tieTerm = tieTerm(ranks);
        if (n <= EXACT_MAX_N && tieTerm == 0) {
            double p = new WilcoxonSignedRankTest().wilcoxonSignedRankTest(
                    Arrays.copyOf(nonZeroTuned, n), Arrays.copyOf(nonZeroBase, n), true);
            return new Result(n, zeros, positive, Math.min(1.0, p), Method.EXACT);
        }
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1) * (2.0 * n + 1) / 24.0 - tieTerm / 48.0;
        double deviation = positive - mean;
        double corrected = deviation == 0 ? 0 : deviation - Math.signum(deviation) * 0.5;
        double z = corrected / Math.sqrt(variance);
        double p = 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z));
        return new Result(n, zeros, positive, Math.min(1.0, p), Method.NORMAL);
    }

    /** Sum of t^3 - t over groups of t tied ranks. */
    private static double tieTerm(double[] ranks) {
        double[] sorted = ranks.clone();
        Arrays.sort(sorted);
        double term = 0;
        int start = 0;
        for (int i = 1; i <= sorted.length; i++) {
            if (i == sorted.length || sorted[i] != sorted[start]) {
                int t = i - start;
                term += (double) t * t * t - t;
                start = i;
            }
        }
        return term;
    }
}
