package io.ragfit.generation;

import static io.ragfit.tracing.SpanAttributes.ATTEMPTS;
import static io.ragfit.tracing.SpanAttributes.GEN_AI_INPUT_TOKENS;
import static io.ragfit.tracing.SpanAttributes.GEN_AI_MODEL;
import static io.ragfit.tracing.SpanAttributes.GEN_AI_OPERATION;
import static io.ragfit.tracing.SpanAttributes.GEN_AI_OUTPUT_TOKENS;
import static io.ragfit.tracing.SpanAttributes.SERVER_ADDRESS;
import static io.ragfit.tracing.SpanAttributes.SERVER_PORT;
import static io.ragfit.tracing.SpanAttributes.VARIANT;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.ragfit.openai.ChatRequest;
import io.ragfit.openai.ChatResponse;
import io.ragfit.openai.EndpointFailures;
import io.ragfit.openai.OpenAiClients;
import io.ragfit.tracing.Traces;
import io.smallrye.mutiny.Uni;

/**
 * Chat completions for one variant: its key read from its reference, every request through its model's guard
 * (retries and circuit breaker) and its endpoint's slots. Used to answer questions and, for a judge variant, to
 * score answers. A call that fails for a cause that may pass fails with
 * {@link io.ragfit.openai.EndpointUnavailableException}. Each call is a client span named after the GenAI
 * conventions ({@code chat GEN_AI_MODEL}), whose context the request carries to the endpoint; prompts and answers are
 * never among its attributes.
 */
public final class ChatEndpoint {


    private final VariantDefinition variant;
    private final EndpointGuards.Endpoint endpoint;
    private final ApiKeys keys;
    private final Traces traces;
    private final Attributes attributes;

    ChatEndpoint(VariantDefinition variant, EndpointGuards.Endpoint endpoint, ApiKeys keys, Traces traces) {
        this.variant = variant;
        this.endpoint = endpoint;
        this.keys = keys;
        this.traces = traces;
        this.attributes = Attributes.of(GEN_AI_OPERATION, "chat", GEN_AI_MODEL, variant.model(), VARIANT, variant.name(),
                SERVER_ADDRESS, String.valueOf(variant.endpoint().getHost()), SERVER_PORT, (long) port(variant.endpoint()));
    }

    public VariantDefinition variant() {
        return variant;
    }

    /** Sends the request (retried as the guard allows), counting the requests sent in {@code attempts}. */
    public Uni<ChatResponse> complete(ChatRequest request, AtomicInteger attempts) {
        String authorization;
        try {
            authorization = OpenAiClients.bearer(keys.resolve(variant.apiKeyRef(), variant.endpoint()));
        } catch (RuntimeException unresolved) {
            return Uni.createFrom().failure(unresolved);
        }
        int before = attempts.get();
        return traces.span("chat " + variant.model(), SpanKind.CLIENT, attributes, trace -> endpoint.guard()
                .call(() -> {
                    attempts.incrementAndGet();
                    return endpoint.api().chat(authorization, request, trace);
                })
                .onItemOrFailure().invoke((response, failure) -> {
                    Span span = Span.fromContext(trace);
                    span.setAttribute(ATTEMPTS, attempts.get() - before);
                    if (response != null && response.usage() != null) {
                        if (response.usage().promptTokens() != null) {
                            span.setAttribute(GEN_AI_INPUT_TOKENS, response.usage().promptTokens());
                        }
                        if (response.usage().completionTokens() != null) {
                            span.setAttribute(GEN_AI_OUTPUT_TOKENS, response.usage().completionTokens());
                        }
                    }
                }));
    }

    private static int port(URI endpoint) {
        return endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
    }

    /** Why a call finally failed, in one sentence. */
    public String describe(Throwable failure, int attempts) {
        return failure instanceof IllegalStateException || failure instanceof IllegalArgumentException
                ? failure.getMessage()
                : EndpointFailures.describe(failure, variant.endpoint().toString(), attempts);
    }
}
