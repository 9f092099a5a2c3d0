package io.ragfit.openai;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;

/**
 * The OpenAI-compatible HTTP API that vLLM, TGI, llama.cpp server, Ollama and hosted services speak.
 * Built per endpoint with {@link OpenAiClients}: the base URL includes the {@code /v1} prefix.
 */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface OpenAiApi {

    @POST
    @Path("embeddings")
    Uni<EmbeddingsResponse> embeddings(@HeaderParam("Authorization") String authorization, EmbeddingsRequest request);

    @POST
    @Path("chat/completions")
    Uni<ChatResponse> chat(@HeaderParam("Authorization") String authorization, ChatRequest request);

    @GET
    @Path("models")
    Uni<ModelList> models(@HeaderParam("Authorization") String authorization);
}
