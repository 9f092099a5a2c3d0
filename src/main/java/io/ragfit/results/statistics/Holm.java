package io.ragfit.results.statistics;

import java.util.Comparator;
import java.util.stream.IntStream;

/** Holm's step-down correction of p-values for multiple comparisons (Holm, 1979). */
public final class Holm {

    private Holm() {
    }

    /** Adjusted p-values, in the order given: the i-th smallest times (m - i + 1), kept monotone, at most 1. */
    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> pValues[i])).toArray(Integer[]::new);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
