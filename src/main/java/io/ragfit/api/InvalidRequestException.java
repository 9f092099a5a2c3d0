package io.ragfit.api;

/** A request whose parts are each valid but do not fit together (e.g. an overlap larger than half the chunk). */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
