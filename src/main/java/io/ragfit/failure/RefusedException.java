package io.ragfit.failure;

/**
 * A request ragfit refuses as it is, with the reason to show its author: the client's to change, never worth
 * asking again unchanged. The API answers each family with one status; the pipeline ends a question refused so
 * (outages, which are worth waiting out, are told apart in {@code evaluation.Outages}).
 */
public abstract class RefusedException extends RuntimeException {

    /** Why, as the API answers it. */
    public enum Family {
        /** 400: the request is wrong in itself. */
        INVALID(400),
        /** 403: allowed to no one, whatever their roles (a path outside the corpus root). */
        FORBIDDEN(403),
        /** 404: what it names does not exist. */
        NOT_FOUND(404),
        /** 409: it clashes with what exists (a name taken, a state that does not allow it). */
        CONFLICT(409),
        /** 413: too large. */
        TOO_LARGE(413);

        private final int status;

        Family(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Family family;

    protected RefusedException(Family family, String message) {
        super(message);
        this.family = family;
    }

    public Family family() {
        return family;
    }
}
