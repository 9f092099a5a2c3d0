package io.ragfit.api;

public class UnknownFormatException extends RuntimeException {

    public UnknownFormatException(String format) {
        super("unknown dataset format '" + format + "'");
    }
}
