package io.ragfit.openai;

import java.net.URI;
import java.util.Optional;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/** Builds an {@link OpenAiApi} client for one endpoint. */
public final class OpenAiClients {

    private OpenAiClients() {
    }

    public static OpenAiApi forEndpoint(URI baseUrl) {
        String url = baseUrl.toString();
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url.endsWith("/") ? url : url + "/"))
                .build(OpenAiApi.class);
    }

    /** The Authorization header for an API key, or {@code null} (no header) when there is none. */
    public static String bearer(Optional<String> apiKey) {
        return apiKey.filter(key -> !key.isBlank()).map(key -> "Bearer " + key).orElse(null);
    }
}
