package io.ragfit.openai;

/**
 * An endpoint could not answer, for a cause that may pass: 429 or 5xx after the retries, no answer in time,
 * no connection, or its circuit breaker open. The message says which, in one sentence.
 */
public class EndpointUnavailableException extends RuntimeException {

    private final int attempts;

    public EndpointUnavailableException(String message, Throwable cause, int attempts) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** Requests sent before giving up (none when the circuit breaker was open). */
    public int attempts() {
        return attempts;
    }
}
