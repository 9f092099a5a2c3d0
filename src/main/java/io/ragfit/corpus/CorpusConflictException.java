package io.ragfit.corpus;

import io.ragfit.failure.RefusedException;

/** A request that cannot proceed given the corpus's state: an ingestion already runs, or its settings differ. */
public class CorpusConflictException extends RefusedException {

    public CorpusConflictException(String message) {
        super(Family.CONFLICT, message);
    }
}
