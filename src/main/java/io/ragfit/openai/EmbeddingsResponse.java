package io.ragfit.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingsResponse(List<Embedding> data, String model, Usage usage) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Embedding(int index, float[] embedding) {
    }
}
