package io.ragfit.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.evaluation.QuestionRecord.State;
import io.ragfit.results.ResultQueries.StateCounts;

/**
 * Where a batch stands.
 *
 * @param status RUNNING until none of its questions is pending or running (COMPLETED), or CANCELLED
 * @param total its questions (fewer than submitted when a later batch replaced some that had failed)
 * @param counts questions by state: pending, running, completed, failed, cancelled
 * @param questionsPerSecond questions ended per second since the batch was accepted
 * @param etaSeconds time left at that rate; absent until a question has ended, or once the batch has
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchProgress(UUID id, UUID runId, String status, long total, Map<String, Long> counts,
        Double questionsPerSecond, Long etaSeconds, Instant createdAt, Instant lastEndedAt) {

    static BatchProgress of(BatchService.Batch batch, StateCounts states, Instant now) {
        Map<String, Long> counts = new TreeMap<>();
        for (State state : State.values()) {
            counts.put(state.name().toLowerCase(Locale.ROOT), states.count(state));
        }
        long total = states.total();
        long ended = states.ended();
        boolean finished = ended >= total;
        String status = batch.cancelled() ? "CANCELLED" : finished ? "COMPLETED" : "RUNNING";
        Instant until = finished && states.lastEnded() != null ? states.lastEnded() : now;
        double seconds = Math.max(Duration.between(batch.createdAt(), until).toMillis(), 1) / 1000.0;
        Double rate = ended == 0 ? null : ended / seconds;
        Long eta = rate == null || finished || batch.cancelled() ? null : Math.round((total - ended) / rate);
        return new BatchProgress(batch.id(), batch.runId(), status, total, counts, rate, eta, batch.createdAt(),
                states.lastEnded());
    }

    boolean ended() {
        return !"RUNNING".equals(status);
    }
}
