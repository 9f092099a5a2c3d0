package io.ragfit.api;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A question for a corpus; {@code variants} names who answers (all registered variants when absent). */
public record AnswerRequest(
        @NotBlank @Size(max = 10_000) String question,
        @NotBlank String corpus,
        List<@NotBlank String> variants) {
}
