package io.ragfit.evaluation;

import java.util.concurrent.TimeoutException;

import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.retrieval.SearchBackendException;
import io.ragfit.store.Database;

/**
 * Tells an outage (a backend down, overloaded or too slow: wait and ask again) from a refusal (the question
 * cannot be processed as it is: end it with the reason).
 */
public final class Outages {

    private Outages() {
    }

    public static boolean outage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EndpointUnavailableException || cause instanceof TimeoutException
                    || cause instanceof SearchBackendException search && search.transientFailure()) {
                return true;
            }
        }
        return Database.outage(failure);
    }
}
