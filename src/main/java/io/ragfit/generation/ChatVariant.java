package io.ragfit.generation;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.ragfit.generation.GeneratedAnswer.Status;
import io.ragfit.openai.ChatRequest;
import io.ragfit.openai.ChatResponse;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.retrieval.RetrievedChunk;
import io.smallrye.mutiny.Uni;

/** A variant behind an OpenAI-compatible endpoint: the prompt's messages, the variant's model and parameters. */
final class ChatVariant implements AnswerSource {

    private final VariantDefinition variant;
    private final ChatEndpoint endpoint;

    ChatVariant(ChatEndpoint endpoint) {
        this.variant = endpoint.variant();
        this.endpoint = endpoint;
    }

    @Override
    public Uni<GeneratedAnswer> answer(String question, List<RetrievedChunk> chunks, Prompt prompt) {
        long started = System.nanoTime();
        AtomicInteger attempts = new AtomicInteger();
        VariantDefinition.GenerationParameters parameters = variant.parameters();
        ChatRequest request = new ChatRequest(variant.model(), prompt.messages(), parameters.temperature(),
                parameters.maxTokens(), parameters.seed(), null, null, null);
        return endpoint.complete(request, attempts)
                .map(response -> answered(response, prompt, started, attempts.get()))
                .onFailure(failure -> !(failure instanceof EndpointUnavailableException))
                .recoverWithItem(failure -> failed(variant, prompt, started, attempts.get(),
                        endpoint.describe(failure, attempts.get())));
    }

    private GeneratedAnswer answered(ChatResponse response, Prompt prompt, long started, int attempts) {
        if (response.choices() == null || response.choices().isEmpty() || response.choices().getFirst().message() == null) {
            return failed(variant, prompt, started, attempts, "the endpoint returned no choice");
        }
        ChatResponse.Choice choice = response.choices().getFirst();
        return new GeneratedAnswer(variant.name(), response.model() != null ? response.model() : variant.model(),
                Status.ANSWERED, choice.message().content(), choice.finishReason(),
                response.usage() == null ? null : response.usage().promptTokens(),
                response.usage() == null ? null : response.usage().completionTokens(),
                millisSince(started), attempts, null, false, prompt.hash());
    }

    static GeneratedAnswer failed(VariantDefinition variant, Prompt prompt, long started, int attempts, String reason) {
        return new GeneratedAnswer(variant.name(), variant.model(), Status.FAILED, null, null, null, null,
                millisSince(started), attempts, reason, false, prompt.hash());
    }

    static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
