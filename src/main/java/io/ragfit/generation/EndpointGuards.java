package io.ragfit.generation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.openai.EndpointGuard;
import io.ragfit.openai.EndpointPolicy;
import io.ragfit.openai.OpenAiApi;
import io.ragfit.openai.OpenAiClients;

/** One client and one guard (concurrency bound, retries, circuit breaker) per endpoint and limit. */
@ApplicationScoped
class EndpointGuards {

    record Endpoint(OpenAiApi api, EndpointGuard guard) {
    }

    private final GenerationConfig config;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    EndpointGuards(GenerationConfig config) {
        this.config = config;
    }

    Endpoint endpoint(java.net.URI url, int maxConcurrentRequests) {
        return endpoints.computeIfAbsent(url + " " + maxConcurrentRequests, key -> new Endpoint(
                OpenAiClients.forEndpoint(url, maxConcurrentRequests),
                new EndpointGuard(url.toString(), new EndpointPolicy(maxConcurrentRequests, config.timeout(),
                        config.maxRetries(), config.backoff(), config.maxBackoff(), config.maxRetryAfter()))));
    }
}
