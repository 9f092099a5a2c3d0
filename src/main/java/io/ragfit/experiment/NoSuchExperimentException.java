package io.ragfit.experiment;

import io.ragfit.failure.RefusedException;

public class NoSuchExperimentException extends RefusedException {

    public NoSuchExperimentException(String experiment) {
        super(Family.NOT_FOUND, "no experiment " + experiment);
    }
}
