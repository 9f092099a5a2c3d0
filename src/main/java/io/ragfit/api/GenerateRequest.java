package io.ragfit.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A question and the context to answer it from, given as is (no retrieval). */
public record GenerateRequest(
        @NotBlank @Size(max = 10_000) String question,
        @NotNull @Size(max = 100) List<@Valid Passage> context) {

    public record Passage(@Size(max = 1_000) String title, @NotBlank @Size(max = 20_000) String text) {
    }
}
