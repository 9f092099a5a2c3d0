package io.ragfit.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.ragfit.corpus.Answer;
import io.ragfit.corpus.QuestionType;

@Entity
@Table(name = "question")
public class QuestionRecord {

    public enum State {
        /** Accepted in a batch, not yet taken by the pipeline. */
        PENDING,
        RUNNING,
        /** Every variant answered (or failed, with its reason) and was judged. */
        COMPLETED,
        /** Could not be processed (no such corpus, retries exhausted): the reason is in {@code error}. */
        FAILED,
        CANCELLED;

        public boolean terminal() {
            return this != PENDING && this != RUNNING;
        }
    }

    @EmbeddedId
    @AttributeOverride(name = "questionId", column = @Column(name = "id"))
    public QuestionKey key;

    @Column(name = "batch_id")
    public UUID batchId;

    @Column(nullable = false)
    public String text;

    @Column(nullable = false)
    public String corpus;

    @Enumerated(EnumType.STRING)
    @Column(name = "question_type", nullable = false)
    public QuestionType questionType;

    @Convert(converter = JsonColumn.Answers.class)
    @Column(nullable = false)
    public List<Answer> answers;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> metadata;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    public String error;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** When its answers and scores reached their topics; a question delivered again after that is not re-emitted. */
    @Column(name = "emitted_at")
    public Instant emittedAt;
}
