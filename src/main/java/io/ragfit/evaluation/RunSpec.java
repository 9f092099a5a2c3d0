package io.ragfit.evaluation;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.ragfit.corpus.Corpus;
import io.ragfit.judge.JudgeConfig;

/**
 * A run to create: which variants answer, from which corpus (questions may name another), judged how.
 * {@code judgeVariant}, {@code judgeMode} and {@code criteria} default to the service's judge settings,
 * {@code retrievalK} to {@code ragfit.retrieval.k}. With {@code shadow}, the run compares candidates with a
 * production variant on live questions.
 */
public record RunSpec(
        @NotBlank @Size(max = 255) @Pattern(regexp = "\\P{Cntrl}*", message = "has no control characters") String name,
        @Pattern(regexp = Corpus.ID, message = "is a corpus id: lowercase letters, digits, '_' and '-'") String corpus,
        @NotEmpty List<@NotBlank String> variants,
        String judgeVariant,
        JudgeConfig.Mode judgeMode,
        List<@NotBlank String> criteria,
        @Min(1) @Max(100) Integer retrievalK,
        @Valid ShadowSpec shadow) {

    public RunSpec(String name, String corpus, List<String> variants, String judgeVariant, JudgeConfig.Mode judgeMode,
            List<String> criteria, Integer retrievalK) {
        this(name, corpus, variants, judgeVariant, judgeMode, criteria, retrievalK, null);
    }
}
