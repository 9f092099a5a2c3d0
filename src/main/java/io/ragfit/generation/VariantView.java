package io.ragfit.generation;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.generation.VariantDefinition.FineTuning;
import io.ragfit.generation.VariantDefinition.GenerationParameters;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;
import io.ragfit.openai.ModelGuard;

/**
 * A variant as the API shows it: whether it has an API key, never the key nor where it is read from.
 *
 * @param breaker the circuit breaker of its model on its endpoint, as the instance answering sees it (absent
 *            before this instance called it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VariantView(String name, Role role, String baseVariant, Kind kind, URI endpoint, String model,
        boolean apiKeyConfigured, GenerationParameters parameters, int maxConcurrentRequests, FineTuning fineTuning,
        boolean builtin, EndpointCheck lastCheck, ModelGuard.Breaker breaker) {

    public static VariantView of(VariantDefinition variant) {
        return of(variant, null, null);
    }

    static VariantView of(VariantDefinition variant, EndpointCheck lastCheck, ModelGuard.Breaker breaker) {
        return new VariantView(variant.name(), variant.role(), variant.baseVariant(), variant.kind(), variant.endpoint(),
                variant.model(), variant.apiKeyRef() != null, variant.parameters(), variant.maxConcurrentRequests(),
                variant.fineTuning(), variant.builtin(), lastCheck, breaker);
    }
}
