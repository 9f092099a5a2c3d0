package io.ragfit.results.statistics;

import java.util.Map;
import java.util.TreeSet;

/**
 * A tuned variant against its base on the questions both have a score for: the mean difference
 * ({@code tuned - base}) with its bootstrap interval, wins / ties / losses, and the signed-rank test.
 */
public record PairedComparison(int n, double meanDelta, double ciLow, double ciHigh, int wins, int ties, int losses,
        double statistic, double pValue, SignedRank.Method method) {

    private static final double TIE = 1e-9;

    /** Scores by question id; questions only one side has are left out. */
    public static PairedComparison of(Map<String, Double> base, Map<String, Double> tuned, int resamples, long seed) {
        TreeSet<String> shared = new TreeSet<>(base.keySet());
        shared.retainAll(tuned.keySet());
        if (shared.isEmpty()) {
            throw new IllegalArgumentException("no question has a score from both variants");
        }
        double[] baseScores = new double[shared.size()];
        double[] tunedScores = new double[shared.size()];
        double[] deltas = new double[shared.size()];
        int wins = 0;
        int ties = 0;
        int i = 0;
        for (String question : shared) {
            baseScores[i] = base.get(question);
            tunedScores[i] = tuned.get(question);
            deltas[i] = tunedScores[i] - baseScores[i];
            if (Math.abs(deltas[i]) <= TIE) {
                ties++;
            } else if (deltas[i] > 0) {
                wins++;
            }
            i++;
        }
        Aggregate delta = Aggregate.of(deltas, resamples, seed);
        SignedRank.Result test = SignedRank.test(baseScores, tunedScores);
        return new PairedComparison(shared.size(), delta.mean(), delta.ciLow(), delta.ciHigh(), wins, ties,
                shared.size() - wins - ties, test.statistic(), test.pValue(), test.method());
    }
}
