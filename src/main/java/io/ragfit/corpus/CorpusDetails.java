package io.ragfit.corpus;

/**
 * A corpus with what its index and database hold now.
 *
 * @param chunks chunks in the index
 * @param documents documents in the index, counted exactly (each has one first chunk)
 * @param lastIngestion the running ingestion, else the last one; null when there was none
 */
public record CorpusDetails(Corpus corpus, String index, long chunks, long documents, long questions,
        IngestionProgress lastIngestion) {
}
