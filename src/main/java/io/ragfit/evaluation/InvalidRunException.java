package io.ragfit.evaluation;

/** A run definition that is wrong in itself (400), or one whose name is taken (409). */
public class InvalidRunException extends RuntimeException {

    private final boolean conflict;

    InvalidRunException(String message, boolean conflict) {
        super(message);
        this.conflict = conflict;
    }

    public boolean conflict() {
        return conflict;
    }
}
