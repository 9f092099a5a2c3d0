package io.ragfit.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class CosineTests {

    @Test
    void shouldMeasureTheAngleNotTheLengthAndGiveZeroForAZeroVector() {
        assertThat(Cosine.similarity(new float[] { 1, 2, 0 }, new float[] { 2, 4, 0 })).isCloseTo(1.0, within(1e-9));
        assertThat(Cosine.similarity(new float[] { 1, 0 }, new float[] { 0, 3 })).isZero();
        assertThat(Cosine.similarity(new float[] { 0, 0 }, new float[] { 1, 1 })).isZero();
    }

    @Test
    void shouldPickTheClosestCandidatesAndKeepTheirOrder() {
        float[] query = { 1, 0, 0 };
        List<float[]> candidates = List.of(new float[] { 0, 1, 0 }, new float[] { 0.9f, 0.1f, 0 }, new float[] { 0, 0, 1 },
                new float[] { 0.5f, 0.5f, 0 });

        assertThat(Cosine.closest(query, candidates, 2)).containsExactly(1, 3);
        assertThat(Cosine.closest(query, candidates, 10)).hasSize(4);
    }
}
