package io.ragfit.corpus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where an ingestion stands.
 *
 * @param bytesRead bytes of the source read so far (ahead of what is indexed by at most a few batches)
 * @param chunks chunks indexed
 * @param chunksPerSecond chunks indexed per second since the start
 * @param etaSeconds estimated seconds left, from the share of the source read; null when unknown or finished
 * @param problems the first malformed records and refused chunks, in detail
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestionProgress(UUID id, String corpus, String format, String source, Status status,
        long bytesRead, long bytesTotal, long sourceRecords, long documents, long questions, long chunks,
        long failedChunks, long malformed, double chunksPerSecond, Double etaSeconds, double elapsedSeconds,
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
