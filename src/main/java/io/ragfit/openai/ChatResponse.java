package io.ragfit.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatResponse(String id, String model, List<Choice> choices, Usage usage) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(int index, ChatMessage message, @JsonProperty("finish_reason") String finishReason,
            Logprobs logprobs) {
    }

    /** Per-token log probabilities, when requested and supported. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Logprobs(List<TokenLogprob> content) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TokenLogprob(String token, double logprob,
            @JsonProperty("top_logprobs") List<TopLogprob> topLogprobs) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TopLogprob(String token, double logprob) {
    }
}
