package io.ragfit.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.judge.JudgeConfig;

/**
 * An answer to judge. {@code reference} is a shortcut for one free-form reference; {@code references}
 * takes typed ones (e.g. BioASQ exact answers with synonyms). Criteria, mode and judge default to the
 * service's settings.
 */
public record JudgementRequest(
        @NotBlank @Size(max = 10_000) String question,
        @Size(max = 100) List<@NotNull @Size(max = 20_000) String> context,
        @NotNull @Size(max = 20_000) String answer,
        @Size(max = 20_000) String reference,
        @Size(max = 20) List<@NotNull @Valid ReferenceAnswer> references,
        QuestionType questionType,
        @Size(max = 10) List<@NotBlank String> criteria,
        JudgeConfig.Mode mode,
        String judge) {
}
