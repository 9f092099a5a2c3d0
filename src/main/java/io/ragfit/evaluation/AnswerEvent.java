package io.ragfit.evaluation;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.generation.GeneratedAnswer;

/**
 * A record of {@code ragfit.answers}, keyed by question id. (run, question, variant) is its natural key.
 *
 * @param truncated true when {@code text} was cut to {@code ragfit.pipeline.topic-text-limit} on the topic (the
 *            whole text is stored, and shown by the API); absent otherwise
 * @param error why the answer failed; on the topic, its first 4 KiB
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnswerEvent(int schemaVersion, UUID runId, String questionId, String variant, String model, String status,
        String text, String finishReason, Integer promptTokens, Integer completionTokens, long latencyMs, int attempts,
        String error, boolean builtin, String promptHash, Boolean truncated) {

    public static AnswerEvent of(UUID runId, String questionId, GeneratedAnswer answer) {
        return of(runId, questionId, answer, answer.text(), null, answer.error());
    }

    static AnswerEvent of(UUID runId, String questionId, GeneratedAnswer answer, String text, Boolean truncated,
            String error) {
        return new AnswerEvent(TopicRecords.SCHEMA_VERSION, runId, questionId, answer.variant(), answer.model(),
                answer.status().name(), text, answer.finishReason(), answer.promptTokens(), answer.completionTokens(),
                answer.latencyMs(), answer.attempts(), error, answer.builtin(), answer.promptHash(), truncated);
    }
}
