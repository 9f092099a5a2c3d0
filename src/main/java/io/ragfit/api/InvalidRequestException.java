package io.ragfit.api;

/**
 * A request whose parts are each valid but do not fit together (e.g. an overlap larger than half the chunk), or
 * whose field holds a value outside those accepted.
 */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String message) {
        this(null, message);
    }

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field at fault, or null when no single one is. */
    public String field() {
        return field;
    }
}
