package io.ragfit.results;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import io.ragfit.generation.GeneratedAnswer;

@Entity
@Table(name = "answer")
public class AnswerRecord {

    @EmbeddedId
    public VariantResultKey key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public GeneratedAnswer.Status status;

    public String text;

    public String model;

    @Column(name = "finish_reason")
    public String finishReason;

    @Column(name = "prompt_tokens")
    public Integer promptTokens;

    @Column(name = "completion_tokens")
    public Integer completionTokens;

    @Column(name = "latency_ms", nullable = false)
    public long latencyMs;

    @Column(nullable = false)
    public int attempts;

    public String error;

    @Column(nullable = false)
    public boolean builtin;

    @Column(name = "prompt_hash")
    public String promptHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static AnswerRecord of(QuestionKey question, GeneratedAnswer answer) {
        AnswerRecord record = new AnswerRecord();
        record.key = new VariantResultKey(question.runId(), question.questionId(), answer.variant());
        record.status = answer.status();
        record.text = answer.text();
        record.model = answer.model();
        record.finishReason = answer.finishReason();
        record.promptTokens = answer.promptTokens();
        record.completionTokens = answer.completionTokens();
        record.latencyMs = answer.latencyMs();
        record.attempts = answer.attempts();
        record.error = answer.error();
        record.builtin = answer.builtin();
        record.promptHash = answer.promptHash();
        record.createdAt = Instant.now();
        return record;
    }

    public GeneratedAnswer answer() {
        return new GeneratedAnswer(key.variant(), model, status, text, finishReason, promptTokens, completionTokens,
                latencyMs, attempts, error, builtin, promptHash);
    }
}
