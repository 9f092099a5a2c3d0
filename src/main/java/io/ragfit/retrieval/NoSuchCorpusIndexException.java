package io.ragfit.retrieval;

/** A search in a corpus that has no index (never ingested, or deleted). */
public class NoSuchCorpusIndexException extends RuntimeException {

    public NoSuchCorpusIndexException(String corpus) {
        super("corpus '" + corpus + "' has no index: ingest it first");
    }
}
