package io.ragfit.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SampleStatisticsTests {

    @Test
    void shouldAverageRepeatedScoresAndMeasureTheirSpread() {
        List<Double> scores = List.of(4.0, 5.0, 3.0, 4.0);

        assertThat(SampleStatistics.mean(scores)).isEqualTo(4.0);
        // squares 0 + 1 + 1 + 0 = 2, over n - 1 = 3
        assertThat(SampleStatistics.standardDeviation(scores)).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
        assertThat(SampleStatistics.standardDeviation(List.of(4.0))).isZero();
    }

    @Test
    void shouldMeasureTheSpreadOfADistribution() {
        // mean 4.5; variance 0.5 * 0.25 + 0.5 * 0.25 = 0.25
        assertThat(SampleStatistics.standardDeviation(Map.of(4, 0.5, 5, 0.5))).isCloseTo(0.5, within(1e-12));
    }
}
