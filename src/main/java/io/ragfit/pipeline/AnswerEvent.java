package io.ragfit.pipeline;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.generation.GeneratedAnswer;

/** A record of {@code ragfit.answers}, keyed by question id. (run, question, variant) is its natural key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnswerEvent(int schemaVersion, UUID runId, String questionId, String variant, String model, String status,
        String text, String finishReason, Integer promptTokens, Integer completionTokens, long latencyMs, int attempts,
        String error, boolean builtin, String promptHash) {

    static AnswerEvent of(UUID runId, String questionId, GeneratedAnswer answer) {
        return new AnswerEvent(QuestionMessages.SCHEMA_VERSION, runId, questionId, answer.variant(), answer.model(),
                answer.status().name(), answer.text(), answer.finishReason(), answer.promptTokens(),
                answer.completionTokens(), answer.latencyMs(), answer.attempts(), answer.error(), answer.builtin(),
                answer.promptHash());
    }
}
