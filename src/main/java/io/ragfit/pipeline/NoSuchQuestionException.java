package io.ragfit.pipeline;

public class NoSuchQuestionException extends RuntimeException {

    public NoSuchQuestionException(String run, String question) {
        super("run " + run + " has no question '" + question + "' (not received yet, or never sent)");
    }
}
