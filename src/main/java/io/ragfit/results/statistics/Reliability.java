package io.ragfit.results.statistics;

import java.util.List;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/** How far a judge can be trusted: its spread across repeats, its two modes compared, its scores against references. */
public final class Reliability {

    /** Repeats disagreeing by this much or more are flagged. */
    public static final double WIDE_SPREAD = 2.0;

    /**
     * @param answers answers judged with at least two valid repeats
     * @param meanStandardDeviation mean over those answers of the standard deviation of their repeats
     * @param shareWideSpread share of them whose repeats differ by {@link #WIDE_SPREAD} points or more
     */
    public record Spread(int answers, double meanStandardDeviation, double shareWideSpread) {
    }

    /**
     * The same answers scored in repeat mode and in logprob mode.
     *
     * @param shareWithinHalfPoint share of answers whose two scores differ by at most 0.5
     * @param pearson null when either side does not vary
     */
    public record Agreement(int answers, double meanAbsoluteDifference, double shareWithinHalfPoint, Double pearson) {
    }

    /** @param pearson null (and spearman) below three pairs or when either side does not vary */
    public record Correlation(int n, Double pearson, Double spearman) {
    }

    private Reliability() {
    }

    /** From each answer's valid repeat scores; answers with fewer than two are left out. */
    public static Spread spread(List<double[]> repeatsPerAnswer) {
        int answers = 0;
        double deviations = 0;
        int wide = 0;
        for (double[] repeats : repeatsPerAnswer) {
            if (repeats.length < 2) {
                continue;
            }
            answers++;
            double mean = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double score : repeats) {
                mean += score / repeats.length;
                min = Math.min(min, score);
                max = Math.max(max, score);
            }
            double squares = 0;
            for (double score : repeats) {
                squares += (score - mean) * (score - mean);
            }
            deviations += Math.sqrt(squares / (repeats.length - 1));
            if (max - min >= WIDE_SPREAD) {
                wide++;
            }
        }
        return answers == 0 ? new Spread(0, 0, 0) : new Spread(answers, deviations / answers, (double) wide / answers);
    }

    public static Agreement agreement(double[] repeat, double[] logprobs) {
        int n = repeat.length;
        double absolute = 0;
        int close = 0;
        for (int i = 0; i < n; i++) {
            double difference = Math.abs(repeat[i] - logprobs[i]);
            absolute += difference;
            if (difference <= 0.5) {
                close++;
            }
        }
        return new Agreement(n, n == 0 ? 0 : absolute / n, n == 0 ? 0 : (double) close / n, pearson(repeat, logprobs));
    }

    public static Correlation correlation(double[] x, double[] y) {
        Double spearman = varies(x) && varies(y) && x.length >= 3 ? new SpearmansCorrelation().correlation(x, y) : null;
        return new Correlation(x.length, pearson(x, y), spearman);
    }

    private static Double pearson(double[] x, double[] y) {
        return x.length >= 3 && varies(x) && varies(y) ? new PearsonsCorrelation().correlation(x, y) : null;
    }

    private static boolean varies(double[] values) {
        for (double value : values) {
            if (value != values[0]) {
                return true;
            }
        }
        return false;
    }
}
