package io.ragfit.corpus.format;

/** The first records of a source match no format ragfit reads. */
public class UnrecognisedFormatException extends IllegalArgumentException {

    UnrecognisedFormatException(String message) {
        super(message);
    }
}
