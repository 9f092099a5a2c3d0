package io.ragfit.results.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReliabilityTests {

    @Test
    void shouldMeasureTheSpreadOfRepeats() {
        Reliability.Spread spread = Reliability.spread(List.of(new double[] { 3, 3, 3, 3 }, new double[] { 2, 4, 3, 3 },
                new double[] { 5 }));

        assertThat(spread.answers()).isEqualTo(2);
        assertThat(spread.shareWideSpread()).isEqualTo(0.5);
        assertThat(spread.meanStandardDeviation()).isCloseTo(Math.sqrt(2.0 / 3) / 2, within(1e-12));
    }

    @Test
    void shouldCompareTheTwoModesOnTheSameAnswers() {
        Reliability.Agreement agreement = Reliability.agreement(new double[] { 4.0, 3.0, 2.0, 5.0 }, new double[] { 4.2, 3.9, 2.1, 4.8 });

        assertThat(agreement.answers()).isEqualTo(4);
        assertThat(agreement.meanAbsoluteDifference()).isCloseTo(0.35, within(1e-12));
        assertThat(agreement.shareWithinHalfPoint()).isEqualTo(0.75);
        assertThat(agreement.pearson()).isGreaterThan(0.9);
    }

    @Test
    void shouldCorrelateOnlyWhatVaries() {
        assertThat(Reliability.correlation(new double[] { 1, 2, 3, 4 }, new double[] { 0.1, 0.4, 0.3, 0.9 }).spearman())
                .isCloseTo(0.8, within(1e-12));
        assertThat(Reliability.correlation(new double[] { 1, 2, 3 }, new double[] { 1, 1, 1 }).pearson()).isNull();
    }
}
