package io.ragfit.experiment;

public class NoSuchExperimentException extends RuntimeException {

    public NoSuchExperimentException(String experiment) {
        super("no experiment " + experiment);
    }
}
