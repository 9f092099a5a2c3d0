package io.ragfit.pipeline;

/** A batch refused as a whole: malformed (400), too large (413), or clashing with the run's questions (409). */
public class BatchRejectedException extends RuntimeException {

    public enum Reason {
        INVALID,
        TOO_LARGE,
        CONFLICT
    }

    private final Reason reason;

    BatchRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
