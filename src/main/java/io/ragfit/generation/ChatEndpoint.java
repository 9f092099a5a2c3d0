package io.ragfit.generation;

import java.util.concurrent.atomic.AtomicInteger;

import io.ragfit.openai.ChatRequest;
import io.ragfit.openai.ChatResponse;
import io.ragfit.openai.EndpointFailures;
import io.ragfit.openai.OpenAiClients;
import io.smallrye.mutiny.Uni;

/**
 * Chat completions for one variant: its key read from its reference, every request through its model's guard
 * (retries and circuit breaker) and its endpoint's slots. Used to answer questions and, for a judge variant, to
 * score answers. A call that fails for a cause that may pass fails with
 * {@link io.ragfit.openai.EndpointUnavailableException}.
 */
public final class ChatEndpoint {

    private final VariantDefinition variant;
    private final EndpointGuards.Endpoint endpoint;
    private final ApiKeys keys;

    ChatEndpoint(VariantDefinition variant, EndpointGuards.Endpoint endpoint, ApiKeys keys) {
        this.variant = variant;
        this.endpoint = endpoint;
        this.keys = keys;
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
        return endpoint.guard().call(() -> {
            attempts.incrementAndGet();
            return endpoint.api().chat(authorization, request);
        });
    }

    /** Why a call finally failed, in one sentence. */
    public String describe(Throwable failure, int attempts) {
        return failure instanceof IllegalStateException || failure instanceof IllegalArgumentException
                ? failure.getMessage()
                : EndpointFailures.describe(failure, variant.endpoint().toString(), attempts);
    }
}
