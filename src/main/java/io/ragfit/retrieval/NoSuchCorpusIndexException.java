package io.ragfit.retrieval;

import io.ragfit.failure.RefusedException;

/** A search in a corpus that has no index (never ingested, or deleted). */
public class NoSuchCorpusIndexException extends RefusedException {

    public NoSuchCorpusIndexException(String corpus) {
        super(Family.NOT_FOUND, "corpus '" + corpus + "' has no index: ingest it first");
    }
}
