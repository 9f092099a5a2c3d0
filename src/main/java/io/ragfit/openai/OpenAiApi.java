package io.ragfit.openai;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;

/**
 * The OpenAI-compatible HTTP API that vLLM, TGI, llama.cpp server, Ollama and hosted services speak. Built per
 * endpoint with {@link OpenAiClients}: the base URL includes the {@code /v1} prefix. {@code authorization} is
 * the whole header value, or {@code null} for none.
 */
public interface OpenAiApi {

    /** {@code POST embeddings}. */
    Uni<EmbeddingsResponse> embeddings(String authorization, EmbeddingsRequest request);

    /** {@code POST chat/completions}, carrying the trace context of {@code trace} ({@code traceparent}). */
    Uni<ChatResponse> chat(String authorization, ChatRequest request, Context trace);

    /** {@code GET models}. */
    Uni<ModelList> models(String authorization);
}
