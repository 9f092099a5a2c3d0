package io.ragfit.corpus;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How far through its source an ingestion is, and how fast it goes.
 *
 * @param bytesRead bytes of the source read so far (ahead of what is indexed by at most a few batches)
 * @param bytesTotal the size of the source, 0 when unknown
 * @param elapsedSeconds since the start, to the end once it has ended
 * @param chunksPerSecond chunks indexed per second since the start
 * @param etaSeconds estimated seconds left, from the share of the source read; null when unknown or finished
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestionPace(long bytesRead, long bytesTotal, double elapsedSeconds, double chunksPerSecond,
        Double etaSeconds) {

    /**
     * The pace of an ingestion that has indexed {@code chunks} in {@code elapsedSeconds}, with an ETA when
     * {@code estimate}: for an ingestion running here, whose counts are current.
     */
    static IngestionPace of(long bytesRead, long bytesTotal, long chunks, double elapsedSeconds, boolean estimate) {
        double fractionRead = bytesTotal > 0 ? Math.min(1.0, bytesRead / (double) bytesTotal) : 0;
        Double eta = estimate && fractionRead > 0 && fractionRead < 1 && elapsedSeconds >= 1
                ? elapsedSeconds * (1 - fractionRead) / fractionRead
                : null;
        return new IngestionPace(bytesRead, bytesTotal, elapsedSeconds, elapsedSeconds > 0 ? chunks / elapsedSeconds : 0,
                eta);
    }
}
