package io.ragfit.evaluation;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.generation.GeneratedAnswer;

/**
 * A record of {@code ragfit.scores}, keyed by question id. (run, question, variant, metric) is its natural key.
 *
 * @param builtinAnswer true when the answer scored came from ragfit's built-in reader, not a model (absent otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreEvent(int schemaVersion, UUID runId, String questionId, String variant, String metric, String kind,
        Double value, String mode, Double standardDeviation, Integer validSamples, String judgeModel, String stepsVersion,
        String fallback, String error, Boolean builtinAnswer) {

    public static ScoreEvent of(ScoreRecord score, Set<String> builtinVariants) {
        return of(score, builtinVariants, score.error);
    }

    static ScoreEvent of(ScoreRecord score, Set<String> builtinVariants, String error) {
        return new ScoreEvent(TopicRecords.SCHEMA_VERSION, score.question.runId(), score.question.questionId(),
                score.variant, score.metric, score.kind.name(), score.value,
                score.mode == null ? null : score.mode.name(), score.standardDeviation, score.validSamples,
                score.judgeModel, score.stepsVersion, score.fallback, error,
                builtinVariants.contains(score.variant) ? Boolean.TRUE : null);
    }

    public static Set<String> builtinVariants(List<GeneratedAnswer> answers) {
        return answers.stream().filter(GeneratedAnswer::builtin).map(GeneratedAnswer::variant).collect(Collectors.toSet());
    }
}
