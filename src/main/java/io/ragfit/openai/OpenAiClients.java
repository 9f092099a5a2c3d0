package io.ragfit.openai;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/** Builds an {@link OpenAiApi} client for one endpoint, within the outbound policy. */
@ApplicationScoped
public class OpenAiClients {

    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Vertx vertx;
    private final ObjectMapper json;
    private final OutboundPolicy policy;
    private final Map<Integer, WebClient> clients = new ConcurrentHashMap<>();

    OpenAiClients(Vertx vertx, ObjectMapper json, OutboundConfig config) {
        this.vertx = vertx;
        this.json = json;
        this.policy = new OutboundPolicy(config.allowedHosts().orElse(List.of()), config.allowedCidrs().orElse(List.of()));
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /**
     * A client for the endpoint; its calls fail, unsent, while the policy does not allow its URL. Its connection pool
     * holds {@code maxConcurrentRequests} connections per server, so the pool never caps an endpoint below its
     * own bound.
     */
    public OpenAiApi forEndpoint(URI baseUrl, int maxConcurrentRequests) {
        WebClient client = clients.computeIfAbsent(maxConcurrentRequests, size -> WebClient.create(vertx,
                new WebClientOptions().setMaxPoolSize(size).setConnectTimeout(CONNECT_TIMEOUT_MS)
                        .setFollowRedirects(false).setUserAgent("ragfit")
                        // the caller's span stands for the call: Vert.x's own client spans would name another parent
                        .setTracingPolicy(TracingPolicy.IGNORE)));
        return new PinnedOpenAiApi(vertx, client, json, policy, baseUrl);
    }

    /** The Authorization header for an API key, or {@code null} (no header) when there is none. */
    public static String bearer(Optional<String> apiKey) {
        return apiKey.filter(key -> !key.isBlank()).map(key -> "Bearer " + key).orElse(null);
    }
}
