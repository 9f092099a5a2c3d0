package io.ragfit.generation;

import java.net.URI;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A model variant as ragfit calls it: a base model or a fine-tuned one (usually a LoRA adapter served
 * beside its base and selected by {@code model}), or a built-in reader.
 *
 * @param baseVariant for a fine-tuned variant, the variant it was tuned from
 * @param apiKeyRef where the API key is read from: {@code env:NAME}, {@code file:/path} or {@code config:property};
 *            the key itself is never stored
 * @param maxConcurrentRequests requests in flight to its endpoint at once; variants sharing an endpoint share
 *            the smallest of their limits
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VariantDefinition(
        String name,
        Role role,
        String baseVariant,
        Kind kind,
        URI endpoint,
        String model,
        String apiKeyRef,
        GenerationParameters parameters,
        int maxConcurrentRequests,
        FineTuning fineTuning) {

    public enum Role {
        @JsonProperty("base")
        BASE,
        @JsonProperty("fine-tuned")
        FINE_TUNED
    }

    public enum Kind {
        /** A model behind an OpenAI-compatible endpoint (vLLM, TGI, llama.cpp server, Ollama, hosted APIs). */
        @JsonProperty("openai")
        OPENAI,
        /** ragfit's built-in extractive reader: no LLM, for machines without one. */
        @JsonProperty("builtin-extractive")
        BUILTIN_EXTRACTIVE,
        /** A built-in reader with a sentence ranker trained by an experiment on one train split: no LLM either. */
        @JsonProperty("builtin-tuned")
        BUILTIN_TUNED
    }

    /** Sampling parameters sent with every request; unset ones are left to the server. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GenerationParameters(Double temperature, Integer maxTokens, Long seed) {
    }

    /** How a fine-tuned variant was trained (for reports and for reproducing it). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FineTuning(Integer trainSize, String method, Integer epochs, Integer effectiveBatchSize,
            Integer loraRank, Integer loraAlpha, String trainingDataId) {
    }

    public boolean builtin() {
        return kind == Kind.BUILTIN_EXTRACTIVE || kind == Kind.BUILTIN_TUNED;
    }
}
