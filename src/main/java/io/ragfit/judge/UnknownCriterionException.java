package io.ragfit.judge;

import io.ragfit.failure.RefusedException;

public class UnknownCriterionException extends RefusedException {

    public UnknownCriterionException(String message) {
        super(Family.INVALID, message);
    }
}
