package io.ragfit.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IngestionPaceTests {

    @Test
    void shouldEstimateWhatIsLeftFromTheShareOfTheSourceRead() {
        // a quarter of the source in 30 s: three quarters left, 90 s more
        IngestionPace pace = IngestionPace.of(250, 1_000, 600, 30.0, true);

        assertThat(pace.etaSeconds()).isCloseTo(90.0, within(1e-9));
        assertThat(pace.chunksPerSecond()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void shouldGiveNoEstimateBeforeASecondUnlessAskedOrWithoutASize() {
        assertThat(IngestionPace.of(250, 1_000, 10, 0.5, true).etaSeconds()).isNull();
        assertThat(IngestionPace.of(500, 1_000, 600, 40.0, false).etaSeconds()).as("counts that may be old").isNull();
        assertThat(IngestionPace.of(1_000, 1_000, 600, 40.0, true).etaSeconds()).as("all read").isNull();
        assertThat(IngestionPace.of(250, 0, 600, 30.0, true).etaSeconds()).as("a stream of unknown size").isNull();
        assertThat(IngestionPace.of(0, 1_000, 0, 0.0, true).chunksPerSecond()).isZero();
    }
}
