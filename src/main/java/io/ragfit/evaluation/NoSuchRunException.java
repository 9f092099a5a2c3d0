package io.ragfit.evaluation;

import io.ragfit.failure.RefusedException;

public class NoSuchRunException extends RefusedException {

    public NoSuchRunException(String run) {
        super(Family.NOT_FOUND, "no run " + run);
    }
}
