package io.ragfit.corpus;

public class NoSuchCorpusException extends RuntimeException {

    public NoSuchCorpusException(String corpus) {
        super("no corpus '" + corpus + "'");
    }
}
