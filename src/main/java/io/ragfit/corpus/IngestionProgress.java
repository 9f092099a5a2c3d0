package io.ragfit.corpus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * Where an ingestion stands. In JSON, its counts and its pace are fields of its own, beside the others.
 *
 * @param format the dataset format; {@code auto} until it is detected
 * @param formatDetected true when the format was detected from the first records rather than named; else absent
 * @param maxMalformedShare the share of malformed source records above which the ingestion fails
 * @param problems the first malformed records and refused chunks, in detail
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestionProgress(UUID id, String corpus, String format, Boolean formatDetected, String source,
        Status status, @JsonUnwrapped IngestionCounts counts, @JsonUnwrapped IngestionPace pace, double maxMalformedShare,
        List<Problem> problems, String error, Instant startedAt, Instant finishedAt) {

    public enum Status {
        RUNNING,
        COMPLETED,
        FAILED,
        CANCELLED
    }

    /** A record that could not be read (with its record and line numbers) or a chunk Elasticsearch refused. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(Long record, Long line, String chunk, String reason) {
    }

    public boolean finished() {
        return status != Status.RUNNING;
    }
}
