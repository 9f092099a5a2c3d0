package io.ragfit.experiment;

import io.ragfit.failure.RefusedException;

/** An experiment definition that cannot be run as it is (400), or an action its state does not allow (409). */
public class InvalidExperimentException extends RefusedException {

    private final boolean conflict;

    private InvalidExperimentException(String message, boolean conflict) {
        super(conflict ? Family.CONFLICT : Family.INVALID, message);
        this.conflict = conflict;
    }

    static InvalidExperimentException invalid(String message) {
        return new InvalidExperimentException(message, false);
    }

    static InvalidExperimentException conflict(String message) {
        return new InvalidExperimentException(message, true);
    }

    public boolean conflict() {
        return conflict;
    }
}
