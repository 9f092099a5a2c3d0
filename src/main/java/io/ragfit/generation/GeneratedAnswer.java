package io.ragfit.generation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One variant's answer to one prompt. A failed answer is kept with its reason, never dropped.
 *
 * @param latencyMs from the first attempt to the outcome, retries and waits included
 * @param attempts requests sent (1 when the first succeeded)
 * @param builtin true when ragfit's built-in reader produced it: not an LLM
 * @param promptHash the hash of the prompt it answered (see {@link Prompt#hash()})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratedAnswer(String variant, String model, Status status, String text, String finishReason,
        Integer promptTokens, Integer completionTokens, long latencyMs, int attempts, String error, boolean builtin,
        String promptHash) {

    public enum Status {
        ANSWERED,
        FAILED
    }
}
