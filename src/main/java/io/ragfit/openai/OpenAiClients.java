package io.ragfit.openai;

import java.net.URI;
import java.util.Optional;

import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/** Builds an {@link OpenAiApi} client for one endpoint. */
public final class OpenAiClients {

    private OpenAiClients() {
    }

    /**
     * A client whose connection pool can hold {@code maxConcurrentRequests} connections: the REST
     * client's default pool (50) would otherwise cap an endpoint below its own bound.
     */
    public static OpenAiApi forEndpoint(URI baseUrl, int maxConcurrentRequests) {
        String url = baseUrl.toString();
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url.endsWith("/") ? url : url + "/"))
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, maxConcurrentRequests)
                .build(OpenAiApi.class);
    }

    /** The Authorization header for an API key, or {@code null} (no header) when there is none. */
    public static String bearer(Optional<String> apiKey) {
        return apiKey.filter(key -> !key.isBlank()).map(key -> "Bearer " + key).orElse(null);
    }
}
