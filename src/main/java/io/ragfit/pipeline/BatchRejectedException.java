package io.ragfit.pipeline;

import io.ragfit.failure.RefusedException;

/** A batch refused as a whole: malformed (400), too large (413), or clashing with the run's questions (409). */
public class BatchRejectedException extends RefusedException {

    BatchRejectedException(Family family, String message) {
        super(family, message);
    }
}
