package io.ragfit.generation;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.generation.VariantDefinition.FineTuning;
import io.ragfit.generation.VariantDefinition.GenerationParameters;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;

/** A variant as the API shows it: whether it has an API key, never the key nor where it is read from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VariantView(String name, Role role, String baseVariant, Kind kind, URI endpoint, String model,
        boolean apiKeyConfigured, GenerationParameters parameters, int maxConcurrentRequests, FineTuning fineTuning,
        boolean builtin, EndpointCheck lastCheck) {

    static VariantView of(Variant stored) {
        VariantDefinition variant = stored.definition();
        return new VariantView(variant.name(), variant.role(), variant.baseVariant(), variant.kind(), variant.endpoint(),
                variant.model(), variant.apiKeyRef() != null, variant.parameters(), variant.maxConcurrentRequests(),
                variant.fineTuning(), variant.builtin(), stored.lastCheck());
    }
}
