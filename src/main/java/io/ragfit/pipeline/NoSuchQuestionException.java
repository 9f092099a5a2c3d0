package io.ragfit.pipeline;

import io.ragfit.failure.RefusedException;

public class NoSuchQuestionException extends RefusedException {

    public NoSuchQuestionException(String run, String question) {
        super(Family.NOT_FOUND, "run " + run + " has no question '" + question + "' (not received yet, or never sent)");
    }
}
