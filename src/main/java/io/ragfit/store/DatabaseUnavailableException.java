package io.ragfit.store;

/** PostgreSQL could not be reached or did not answer in time: an outage, worth waiting out (503). */
public class DatabaseUnavailableException extends RuntimeException {

    DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
