package io.ragfit.generation;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.openai.EndpointPolicy;
import io.ragfit.openai.EndpointSlots;
import io.ragfit.openai.ModelGuard;
import io.ragfit.openai.OpenAiApi;
import io.ragfit.openai.OpenAiClients;

/**
 * One client and one set of slots (the concurrency bound) per endpoint and limit, one guard (retries, circuit
 * breaker) per model on an endpoint: a failing model opens its own breaker, never its neighbours'.
 */
@ApplicationScoped
class EndpointGuards {

    record Endpoint(OpenAiApi api, ModelGuard guard) {
    }

    private record Slots(OpenAiApi api, EndpointSlots slots) {
    }

    private final GenerationConfig config;
    private final OpenAiClients clients;
    private final Map<String, Slots> slots = new ConcurrentHashMap<>();
    private final Map<String, ModelGuard> guards = new ConcurrentHashMap<>();

    EndpointGuards(GenerationConfig config, OpenAiClients clients) {
        this.config = config;
        this.clients = clients;
    }

    Endpoint endpoint(VariantDefinition variant, int maxConcurrentRequests) {
        URI url = variant.endpoint();
        EndpointPolicy policy = new EndpointPolicy(maxConcurrentRequests, config.timeout(), config.maxRetries(),
                config.backoff(), config.maxBackoff(), config.maxRetryAfter());
        Slots endpoint = slots.computeIfAbsent(url + " " + maxConcurrentRequests, key -> new Slots(
                clients.forEndpoint(url, maxConcurrentRequests), new EndpointSlots(url.toString(), policy)));
        ModelGuard guard = guards.computeIfAbsent(key(variant) + " " + maxConcurrentRequests, key -> new ModelGuard(url.toString(),
                "model " + variant.model() + " at " + url, endpoint.slots(), policy));
        return new Endpoint(endpoint.api(), guard);
    }

    Optional<ModelGuard.Breaker> breaker(VariantDefinition variant) {
        return guards.entrySet().stream()
                .filter(guard -> guard.getKey().startsWith(key(variant) + " "))
                .map(guard -> guard.getValue().breaker())
                .findFirst();
    }

    private static String key(VariantDefinition variant) {
        return variant.endpoint() + " " + variant.model();
    }
}
