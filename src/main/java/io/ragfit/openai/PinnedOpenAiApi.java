package io.ragfit.openai;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The OpenAI-compatible API of one endpoint over Vert.x's web client. Each call resolves the host, keeps the
 * first address the {@link OutboundPolicy} allows and connects to that very address (the Host header and TLS
 * still name the host). Redirects are not followed. A status other than 2xx fails with a
 * {@link WebApplicationException} carrying the status and {@code Retry-After}, never the server's body.
 */
final class PinnedOpenAiApi implements OpenAiApi {

    private final Vertx vertx;
    private final WebClient client;
    private final ObjectMapper json;
    private final OutboundPolicy policy;
    private final URI baseUrl;
    private final String host;
    private final int port;
    private final boolean tls;
    private final String basePath;

    PinnedOpenAiApi(Vertx vertx, WebClient client, ObjectMapper json, OutboundPolicy policy, URI baseUrl) {
        this.vertx = vertx;
        this.client = client;
        this.json = json;
        this.policy = policy;
        this.baseUrl = baseUrl;
        this.host = baseUrl.getHost() == null ? "" : OutboundPolicy.host(baseUrl);
        this.tls = "https".equals(baseUrl.getScheme());
        this.port = baseUrl.getPort() > 0 ? baseUrl.getPort() : tls ? 443 : 80;
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.basePath = path.endsWith("/") ? path : path + "/";
    }

    @Override
    public Uni<EmbeddingsResponse> embeddings(String authorization, EmbeddingsRequest request) {
        return send(HttpMethod.POST, "embeddings", authorization, request, EmbeddingsResponse.class, Context.root());
    }

    @Override
    public Uni<ChatResponse> chat(String authorization, ChatRequest request, Context trace) {
        return send(HttpMethod.POST, "chat/completions", authorization, request, ChatResponse.class, trace);
    }

    @Override
    public Uni<ModelList> models(String authorization) {
        return send(HttpMethod.GET, "models", authorization, null, ModelList.class, Context.root());
    }

    private <T> Uni<T> send(HttpMethod method, String path, String authorization, Object body, Class<T> type, Context trace) {
        return address().chain(address -> {
            RequestOptions options = new RequestOptions().setHost(host).setPort(port).setSsl(tls).setURI(basePath + path);
            HttpRequest<Buffer> request = client.request(method, SocketAddress.inetSocketAddress(port, address.getHostAddress()),
                    options).putHeader("Accept", "application/json");
            W3CTraceContextPropagator.getInstance().inject(trace, request, (carrier, name, value) -> carrier.putHeader(name, value));
            if (authorization != null) {
                request.putHeader("Authorization", authorization);
            }
            Uni<HttpResponse<Buffer>> response = body == null ? request.send()
                    : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(encode(body)));
            return response.map(answer -> read(answer, type));
        });
    }

    /**
     * The address to connect to, checked by the policy: an address literal at once, a name looked up off the event
     * loop (the JDK resolver blocks).
     */
    private Uni<InetAddress> address() {
        if (OutboundPolicy.isAddressLiteral(host)) {
            return Uni.createFrom().item(() -> {
                policy.checkUrl(baseUrl);
                return policy.pick(host, new InetAddress[] { OutboundPolicy.literal(host) });
            });
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            policy.checkUrl(baseUrl);
            try {
                return policy.pick(host, InetAddress.getAllByName(host));
            } catch (IOException unresolved) {
                throw new java.io.UncheckedIOException(unresolved);
            }
        }), false).onFailure(java.io.UncheckedIOException.class).transform(Throwable::getCause);
    }

    private byte[] encode(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode a request to " + host, e);
        }
    }

    private <T> T read(HttpResponse<Buffer> answer, Class<T> type) {
        if (answer.statusCode() / 100 != 2) {
            Response.ResponseBuilder failure = Response.status(answer.statusCode());
            String retryAfter = answer.getHeader("Retry-After");
            if (retryAfter != null) {
                failure.header("Retry-After", retryAfter);
            }
            throw new WebApplicationException(failure.build());
        }
        try {
            return json.readValue(answer.body() == null ? new byte[0] : answer.body().getBytes(), type);
        } catch (IOException unreadable) {
            throw new WebApplicationException("not the JSON of an OpenAI-compatible API from " + host, 502);
        }
    }
}
