package io.ragfit.retrieval;

/** Elasticsearch refused a request or could not be reached. */
public class SearchBackendException extends RuntimeException {

    private final boolean unreachable;
    private final int status;

    public SearchBackendException(String message, Throwable cause, boolean unreachable, int status) {
        super(message, cause);
        this.unreachable = unreachable;
        this.status = status;
    }

    /** True when Elasticsearch could not be reached at all (503), false when it rejected the request (502). */
    public boolean unreachable() {
        return unreachable;
    }

    /** True when asking again later may succeed: unreachable, overloaded (429), or failing (5xx, such as a cluster recovering). */
    public boolean transientFailure() {
        return unreachable || status == 429 || status >= 500;
    }
}
