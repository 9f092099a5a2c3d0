package io.ragfit.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ragfit.generation.VariantDefinition.FineTuning;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;

class VariantRulesTests {

    private static final URI VLLM = URI.create("http://vllm:8000/v1");
    private static final VariantDefinition BASE = new VariantDefinition("base", Role.BASE, null, Kind.OPENAI, VLLM,
            "mistral-7b", null, null, 0, null);

    private static VariantDefinition tuned(String base, String method) {
        return new VariantDefinition("ft-200", Role.FINE_TUNED, base, Kind.OPENAI, VLLM, "ft-200", "secret:vllm", null, 16,
                new FineTuning(200, method, 3, 16, 16, 32, "nq-train-200"));
    }

    @Test
    void shouldFillInDefaults() {
        VariantDefinition valid = VariantRules.validated(BASE, Map.of());

        assertThat(valid.maxConcurrentRequests()).isEqualTo(VariantRules.DEFAULT_MAX_CONCURRENT_REQUESTS);
        assertThat(valid.parameters()).isNotNull();
    }

    @Test
    void shouldAcceptAFineTunedVariantOfAnExistingBaseAndNormaliseItsMethod() {
        VariantDefinition valid = VariantRules.validated(tuned("base", "qlora"), Map.of("base", BASE));

        assertThat(valid.fineTuning().method()).isEqualTo("QLoRA");
        assertThat(valid.maxConcurrentRequests()).isEqualTo(16);
    }

    @Test
    void shouldRefuseWhatCannotWork() {
        assertThatThrownBy(() -> VariantRules.validated(tuned("missing", "LoRA"), Map.of("base", BASE)))
                .hasMessageContaining("baseVariant 'missing' does not exist");
        assertThatThrownBy(() -> VariantRules.validated(tuned("base", "full"), Map.of("base", BASE)))
                .hasMessageContaining("LoRA or QLoRA");
        assertThatThrownBy(() -> VariantRules.validated(new VariantDefinition("Base Model", Role.BASE, null, Kind.OPENAI,
                VLLM, "m", null, null, 0, null), Map.of())).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> VariantRules.validated(new VariantDefinition("base", Role.BASE, null, Kind.OPENAI,
                URI.create("vllm:8000"), "m", null, null, 0, null), Map.of())).hasMessageContaining("endpoint");
    }
}
