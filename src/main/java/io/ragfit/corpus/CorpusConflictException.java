package io.ragfit.corpus;

/** A request that cannot proceed given the corpus's state: an ingestion already runs, or its settings differ. */
public class CorpusConflictException extends RuntimeException {

    public CorpusConflictException(String message) {
        super(message);
    }
}
