package io.ragfit.corpus.format;

/** A record that parses as JSON but does not have the shape its format requires. */
class InvalidRecordException extends RuntimeException {

    InvalidRecordException(String reason) {
        super(reason);
    }
}
