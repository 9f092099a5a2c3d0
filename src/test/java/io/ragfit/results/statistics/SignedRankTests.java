package io.ragfit.results.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignedRankTests {

    /** Differences 1..n with the given ranks positive: W+ is their sum. */
    private static SignedRank.Result withPositiveRanks(int n, int... positive) {
        double[] base = new double[n];
        double[] tuned = new double[n];
        for (int rank = 1; rank <= n; rank++) {
            base[rank - 1] = 10;
            tuned[rank - 1] = 10 - rank;
        }
        for (int rank : positive) {
            tuned[rank - 1] = 10 + rank;
        }
        return SignedRank.test(base, tuned);
    }

    @Test
    void shouldGiveTheExactPValuesOfThePublishedTables() {
        // Wilcoxon signed-rank tables (e.g. Siegel & Castellan, Table H): n = 6, T = 0: one-sided 0.0156;
        // n = 10, T = 8: one-sided 0.0244 (the two-sided 5% critical value); n = 10, T = 10: one-sided 0.0420
        SignedRank.Result six = withPositiveRanks(6);
        assertThat(six.method()).isEqualTo(SignedRank.Method.EXACT);
        assertThat(six.statistic()).isZero();
        assertThat(six.pValue()).isCloseTo(2 * 0.015625, within(1e-9));

        SignedRank.Result eight = withPositiveRanks(10, 8);
        assertThat(eight.statistic()).isEqualTo(8.0);
        assertThat(eight.pValue()).isCloseTo(2 * 0.0244, within(1e-4));

        SignedRank.Result ten = withPositiveRanks(10, 10);
        assertThat(ten.pValue()).isCloseTo(2 * 0.0420, within(1e-4));
    }

    @Test
    void shouldUseTheNormalApproximationWithTieCorrectionWhenScoresTie() {
        double[] base = { 3, 4, 2, 5, 3, 3, 4, 2, 1, 3, 4, 5, 2, 3, 4, 3, 2, 4, 3, 3, 2, 4, 5, 3, 2 };
        double[] tuned = { 4, 4, 3, 5, 4, 2, 5, 3, 3, 3, 5, 5, 4, 4, 4, 3, 3, 5, 4, 2, 3, 4, 5, 4, 3 };

        SignedRank.Result result = SignedRank.test(base, tuned);

        assertThat(result.method()).isEqualTo(SignedRank.Method.NORMAL);
        assertThat(result.zeros()).isEqualTo(8);
        assertThat(result.n()).isEqualTo(17);
        // SciPy 1.17: wilcoxon(tuned, base, zero_method='wilcox', correction=True, method='approx') -> 0.001976442698
        assertThat(result.pValue()).isCloseTo(0.001976442698, within(1e-9));
    }

    @Test
    void shouldFindNoDifferenceBetweenEqualScores() {
        SignedRank.Result result = SignedRank.test(new double[] { 1, 2, 3 }, new double[] { 1, 2, 3 });

        assertThat(result.method()).isEqualTo(SignedRank.Method.NO_DIFFERENCE);
        assertThat(result.pValue()).isEqualTo(1.0);
    }
}
