package io.ragfit.experiment;

import io.ragfit.failure.RefusedException;

/** An experiment definition that cannot be run as it is (400), or an action its state does not allow (409). */
public class InvalidExperimentException extends RefusedException {

    private InvalidExperimentException(Family family, String message) {
        super(family, message);
    }

    static InvalidExperimentException invalid(String message) {
        return new InvalidExperimentException(Family.INVALID, message);
    }

    static InvalidExperimentException conflict(String message) {
        return new InvalidExperimentException(Family.CONFLICT, message);
    }
}
