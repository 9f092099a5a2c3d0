package io.ragfit.evaluation;

import io.ragfit.failure.RefusedException;

/** A run definition that is wrong in itself (400), or one whose name is taken (409). */
public class InvalidRunException extends RefusedException {

    InvalidRunException(String message, boolean conflict) {
        super(conflict ? Family.CONFLICT : Family.INVALID, message);
    }
}
