package io.ragfit.evaluation;

import java.util.UUID;

/** A question in a run: the key every result of it carries. */
public record QuestionKey(UUID runId, String questionId) {
}
