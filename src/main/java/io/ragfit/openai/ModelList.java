package io.ragfit.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code GET /v1/models}; vLLM names a LoRA adapter's base model in {@code parent}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelList(List<Model> data) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Model(String id, String parent, String root) {
    }
}
