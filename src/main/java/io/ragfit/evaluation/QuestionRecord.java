package io.ragfit.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;

/**
 * A question of a run as stored: what was asked, and where it stands.
 *
 * @param references reference answers; none means it is judged without reference
 * @param attempts how many times an instance has taken it up (more than one after a restart or a takeover)
 * @param traceParent the W3C {@code traceparent} of the span it arrived in (its Kafka record's), which the spans of
 *     its processing continue, on whichever instance; null when it came without one (a batch's questions)
 */
public record QuestionRecord(QuestionKey key, UUID batchId, String text, String corpus, QuestionType questionType,
        List<ReferenceAnswer> references, Map<String, String> metadata, State state, String error, Instant receivedAt,
        Instant completedAt, int attempts, String traceParent) {

    public enum State {
        /** Accepted in a batch, not yet taken up by an instance. */
        PENDING,
        /** Leased by an instance working on it (taken over by another if that one stops). */
        RUNNING,
        /** Every variant answered (or refused, with its reason) and was judged. */
        COMPLETED,
        /** Could not be processed (no such corpus, an outage longer than the horizon): the reason is in {@code error}. */
        FAILED,
        CANCELLED;

        public boolean terminal() {
            return this != PENDING && this != RUNNING;
        }
    }

    /** The question as it arrives, not yet stored. */
    public static QuestionRecord incoming(QuestionKey key, UUID batchId, String text, String corpus, QuestionType type,
            List<ReferenceAnswer> references, Map<String, String> metadata) {
        return new QuestionRecord(key, batchId, text, corpus, type, references, metadata, State.PENDING, null, null, null, 0,
                null);
    }

    /** The question as part of a batch. */
    public QuestionRecord inBatch(UUID batch) {
        return new QuestionRecord(key, batch, text, corpus, questionType, references, metadata, state, error, receivedAt,
                completedAt, attempts, traceParent);
    }

    /** The question as it arrived in the span {@code traceParent} names. */
    public QuestionRecord inTrace(String traceParent) {
        return new QuestionRecord(key, batchId, text, corpus, questionType, references, metadata, state, error, receivedAt,
                completedAt, attempts, traceParent);
    }

    /** The same question asked again: same text, corpus, type and references. */
    boolean sameAsked(QuestionRecord other) {
        return text.equals(other.text) && corpus.equals(other.corpus) && questionType == other.questionType
                && references.equals(other.references);
    }
}
