package io.ragfit.corpus;

/**
 * What an ingestion has read and indexed so far.
 *
 * @param sourceRecords records of the source read: JSON Lines lines, array elements, papers, questions
 * @param documents distinct documents read (by id)
 * @param duplicateDocuments documents read again under an id already read in this file (stored once)
 * @param questions questions read, with their references
 * @param chunks chunks indexed
 * @param failedChunks chunks Elasticsearch refused
 * @param malformed source records that could not be read
 */
public record IngestionCounts(long sourceRecords, long documents, long duplicateDocuments, long questions, long chunks,
        long failedChunks, long malformed) {
}
