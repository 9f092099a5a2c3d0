package io.ragfit.corpus;

/** A request beyond a bound ragfit keeps (concurrent ingestions, event streams, waiting questions): 429, try later. */
public final class TooBusyException extends RuntimeException {

    private final int retryAfterSeconds;

    public TooBusyException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
