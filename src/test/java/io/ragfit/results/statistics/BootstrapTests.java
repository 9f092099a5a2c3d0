package io.ragfit.results.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BootstrapTests {

    @Test
    void shouldCoverTheTrueMeanAboutNinetyFivePercentOfTheTime() {
        SplittableRandom data = new SplittableRandom(7);
        int experiments = 400;
        int covered = 0;
        for (int e = 0; e < experiments; e++) {
            double[] sample = new double[60];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = 3.0 + gaussian(data);
            }
            Bootstrap.Interval interval = Bootstrap.meanInterval(sample, 1000, e, 0.95);
            if (interval.low() <= 3.0 && 3.0 <= interval.high()) {
                covered++;
            }
        }
        // percentile intervals undercover slightly at n = 60; a broken interval is far off either way
        assertThat((double) covered / experiments).isBetween(0.91, 0.98);
    }

    @Test
    void shouldGiveTheSameIntervalForTheSameSeed() {
        double[] values = { 1, 2, 2, 3, 5, 4, 4, 1 };

        assertThat(Bootstrap.meanInterval(values, 500, 42, 0.95)).isEqualTo(Bootstrap.meanInterval(values, 500, 42, 0.95));
        assertThat(Bootstrap.meanInterval(values, 500, 42, 0.95)).isNotEqualTo(Bootstrap.meanInterval(values, 500, 43, 0.95));
    }

    @Test
    void shouldSummariseValues() {
        Aggregate aggregate = Aggregate.of(new double[] { 2, 4, 4, 4, 5, 5, 7, 9 }, 1000, 1);

        assertThat(aggregate.n()).isEqualTo(8);
        assertThat(aggregate.mean()).isEqualTo(5.0);
        assertThat(aggregate.standardDeviation()).isCloseTo(2.138, within(1e-3));
        assertThat(aggregate.ciLow()).isLessThan(5.0);
        assertThat(aggregate.ciHigh()).isGreaterThan(5.0);
    }

    /** Box-Muller, so the test depends on nothing but its seed. */
    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
