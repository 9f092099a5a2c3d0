package io.ragfit.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code POST /v1/embeddings}; {@code dimensions} is sent only when set (models with shortenable vectors). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingsRequest(String model, List<String> input, Integer dimensions) {
}
