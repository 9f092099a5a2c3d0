package io.ragfit.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Sampling by question id, the same on every instance and in every language that can compute a SHA-256. */
class ShadowSpecTests {

    @Test
    void shouldPlaceAQuestionWhereTheFirst53BitsOfTheSha256OfItsIdSay() {
        // computed apart with Python: (int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], 'big') >> 11) * 2**-53
        assertThat(ShadowSpec.position("live-q0")).isEqualTo(0.698648883891578);
        assertThat(ShadowSpec.position("sampled-1")).isEqualTo(0.7659141623152432);
        assertThat(ShadowSpec.position("q-abc")).isEqualTo(0.1392625166969761);
    }

    @Test
    void shouldSampleByTheShareOfTheQuestionsMetadataValueElseTheRunsShare() {
        ShadowSpec spec = new ShadowSpec("prod", 0.5, "tenant", Map.of("vip", 1.0, "trial", 0.0), null, null, null);

        assertThat(spec.samples("q-abc", Map.of("tenant", "acme"))).isTrue();
        assertThat(spec.samples("live-q0", Map.of("tenant", "acme"))).isFalse();
        assertThat(spec.samples("live-q0", Map.of("tenant", "vip"))).isTrue();
        assertThat(spec.samples("q-abc", Map.of("tenant", "trial"))).isFalse();
        assertThat(spec.samples("q-abc", null)).isTrue();
    }
}
