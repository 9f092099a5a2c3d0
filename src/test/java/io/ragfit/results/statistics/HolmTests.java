package io.ragfit.results.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HolmTests {

    @Test
    void shouldAdjustTheTextbookExample() {
        // four hypotheses at alpha 0.05 (the example of Wikipedia's "Holm–Bonferroni method"): H1 and H4 are
        // rejected (0.005 < 0.05/4, 0.01 < 0.05/3), then 0.03 > 0.05/2 stops it
        double[] adjusted = Holm.adjust(new double[] { 0.01, 0.04, 0.03, 0.005 });

        assertThat(adjusted).containsExactly(new double[] { 0.03, 0.06, 0.06, 0.02 }, within(1e-12));
        assertThat(adjusted[0]).isLessThanOrEqualTo(0.05);
        assertThat(adjusted[3]).isLessThanOrEqualTo(0.05);
        assertThat(adjusted[1]).isGreaterThan(0.05);
        assertThat(adjusted[2]).isGreaterThan(0.05);
    }

    @Test
    void shouldNeverExceedOne() {
        assertThat(Holm.adjust(new double[] { 0.6, 0.9 })).containsExactly(1.0, 1.0);
    }
}
