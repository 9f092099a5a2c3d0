package io.ragfit.corpus;

import io.ragfit.failure.RefusedException;

public class NoSuchCorpusException extends RefusedException {

    public NoSuchCorpusException(String corpus) {
        super(Family.NOT_FOUND, "no corpus '" + corpus + "'");
    }
}
