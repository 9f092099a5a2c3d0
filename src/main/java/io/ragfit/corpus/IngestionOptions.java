package io.ragfit.corpus;

import java.util.Optional;

import io.ragfit.corpus.format.DatasetFormat;

/**
 * How to read one file into a corpus.
 *
 * @param format the dataset format; empty to detect it from the first records
 * @param chunkSize chunk size of a new corpus; empty for the configured one
 * @param chunkOverlap chunk overlap of a new corpus; empty for the configured one
 * @param maxMalformedShare the share of malformed source records above which the ingestion fails; empty for
 *        {@code ragfit.corpus.max-malformed-share}
 */
public record IngestionOptions(Optional<DatasetFormat> format, Optional<Integer> chunkSize,
        Optional<Integer> chunkOverlap, Optional<Double> maxMalformedShare) {

    public static IngestionOptions of(DatasetFormat format) {
        return new IngestionOptions(Optional.of(format), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
