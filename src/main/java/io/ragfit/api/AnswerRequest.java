package io.ragfit.api;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.ragfit.corpus.Corpus;

/** A question for a corpus; {@code variants} names who answers (all registered variants when absent). */
public record AnswerRequest(
        @NotBlank @Size(max = 10_000) String question,
        @NotBlank @Pattern(regexp = Corpus.ID, message = "is a corpus id: lowercase letters, digits, '_' and '-'") String corpus,
        @Size(max = 32) List<@NotBlank String> variants) {
}
