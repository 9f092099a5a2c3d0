package io.ragfit.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /v1/chat/completions}, without streaming. Unset parameters are not sent, so that each
 * server applies its own defaults; {@code logprobs} and {@code n} are what a G-Eval judge asks for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        Double temperature,
        @JsonProperty("max_tokens") Integer maxTokens,
        Long seed,
        Integer n,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs) {

    public ChatRequest {
        messages = List.copyOf(messages);
    }
}
