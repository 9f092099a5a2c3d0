package io.ragfit.results;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
public record JudgeSampleKey(@Column(name = "run_id") UUID runId, @Column(name = "question_id") String questionId,
        String variant, String criterion, @Column(name = "sample_index") int sampleIndex) implements Serializable {
}
