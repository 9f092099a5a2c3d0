package io.ragfit.results;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A question in a run: the key every result of it carries. */
@Embeddable
public record QuestionKey(@Column(name = "run_id") UUID runId, @Column(name = "question_id") String questionId)
        implements Serializable {
}
