package io.ragfit.retrieval;

/** Elasticsearch refused a request or could not be reached. */
public class SearchBackendException extends RuntimeException {

    private final boolean unreachable;

    public SearchBackendException(String message, Throwable cause, boolean unreachable) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /** True when Elasticsearch could not be reached at all (503), false when it rejected the request (502). */
    public boolean unreachable() {
        return unreachable;
    }
}
