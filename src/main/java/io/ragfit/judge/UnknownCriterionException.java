package io.ragfit.judge;

public class UnknownCriterionException extends RuntimeException {

    public UnknownCriterionException(String message) {
        super(message);
    }
}
