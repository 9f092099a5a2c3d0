package io.ragfit.experiment;

public class NoSuchRunException extends RuntimeException {

    public NoSuchRunException(String run) {
        super("no run " + run);
    }
}
