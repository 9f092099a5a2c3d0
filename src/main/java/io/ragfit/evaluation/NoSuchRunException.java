package io.ragfit.evaluation;

public class NoSuchRunException extends RuntimeException {

    public NoSuchRunException(String run) {
        super("no run " + run);
    }
}
