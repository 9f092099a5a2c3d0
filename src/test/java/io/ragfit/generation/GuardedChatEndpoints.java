package io.ragfit.generation;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.opentelemetry.api.trace.TracerProvider;
import io.ragfit.generation.VariantDefinition.GenerationParameters;
import io.ragfit.openai.EndpointPolicy;
import io.ragfit.openai.EndpointSlots;
import io.ragfit.openai.ModelGuard;
import io.ragfit.openai.OpenAiApi;
import io.ragfit.tracing.Traces;

/**
 * {@link ChatEndpoint}s over any {@link OpenAiApi}, guarded as the service guards them (slots, retries, circuit
 * breaker), for tests that need neither the stack nor an endpoint process.
 */
public final class GuardedChatEndpoints {

    /** Retries at once: what tests of retrying want, as they never wait out a real backoff. */
    public static final EndpointPolicy IMPATIENT = new EndpointPolicy(4, Duration.ofSeconds(5), 2, Duration.ofMillis(1),
            Duration.ofMillis(1), Duration.ofMillis(1));

    private GuardedChatEndpoints() {
    }

    /** The variant {@code name} serving {@code name-model} at {@code endpoint}, its key read from {@code apiKeyRef}. */
    public static ChatEndpoint of(OpenAiApi api, String name, URI endpoint, String apiKeyRef, Map<String, SecretsConfig.Secret> secrets) {
        VariantDefinition variant = new VariantDefinition(name, VariantDefinition.Role.BASE, null, VariantDefinition.Kind.OPENAI,
                endpoint, name + "-model", apiKeyRef, new GenerationParameters(null, null, null),
                IMPATIENT.maxConcurrentRequests(), null);
        ModelGuard guard = new ModelGuard(endpoint.toString(), "model " + variant.model() + " at " + endpoint,
                new EndpointSlots(endpoint.toString(), IMPATIENT), IMPATIENT);
        return new ChatEndpoint(variant, new EndpointGuards.Endpoint(api, guard), new ApiKeys(() -> secrets),
                new Traces(TracerProvider.noop().get("ragfit-tests")));
    }

    /** The variant {@code name}, without a key, at an endpoint nobody listens on. */
    public static ChatEndpoint of(OpenAiApi api, String name) {
        return of(api, name, URI.create("http://in-memory.invalid/v1"), null, Map.of());
    }
}
