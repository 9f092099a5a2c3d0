package io.ragfit.api;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.ragfit.corpus.Answer;
import io.ragfit.corpus.QuestionType;
import io.ragfit.judge.JudgeConfig;

/**
 * An answer to judge. {@code reference} is a shortcut for one free-form reference; {@code references}
 * takes typed ones (e.g. BioASQ exact answers with synonyms). Criteria, mode and judge default to the
 * service's settings.
 */
public record JudgementRequest(
        @NotBlank @Size(max = 10_000) String question,
        @Size(max = 100) List<@NotNull String> context,
        @NotNull String answer,
        String reference,
        List<@NotNull Answer> references,
        QuestionType questionType,
        List<@NotBlank String> criteria,
        JudgeConfig.Mode mode,
        String judge) {
}
