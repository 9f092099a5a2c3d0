package io.ragfit.corpus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where an ingestion stands.
 *
 * @param format the dataset format; {@code auto} until it is detected
 * @param formatDetected true when the format was detected from the first records rather than named; else absent
 * @param bytesRead bytes of the source read so far (ahead of what is indexed by at most a few batches)
 * @param sourceRecords records of the source read so far: JSON Lines lines, array elements, papers, questions
 * @param documents distinct documents read (by id)
 * @param duplicateDocuments documents read again under an id already read in this file (stored once)
 * @param maxMalformedShare the share of malformed source records above which the ingestion fails
 * @param chunks chunks indexed
 * @param chunksPerSecond chunks indexed per second since the start
 * @param etaSeconds estimated seconds left, from the share of the source read; null when unknown or finished
 * @param problems the first malformed records and refused chunks, in detail
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestionProgress(UUID id, String corpus, String format, Boolean formatDetected, String source,
        Status status, long bytesRead, long bytesTotal, long sourceRecords, long documents, long duplicateDocuments,
        long questions, long chunks, long failedChunks, long malformed, double maxMalformedShare, double chunksPerSecond, Double etaSeconds, double elapsedSeconds,
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
