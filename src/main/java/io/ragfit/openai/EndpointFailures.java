package io.ragfit.openai;

import java.io.IOException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

/**
 * Says in one short sentence why a call to an endpoint finally failed, for the record kept with the answer or
 * score: the status, or the kind of network failure; never what the server sent (it may be anything, anyone's).
 */
public final class EndpointFailures {

    private EndpointFailures() {
    }

    /** Why a call failed; {@code attempts} is said when positive. */
    public static String describe(Throwable failure, String endpoint, int attempts) {
        String after = attempts <= 0 ? "" : " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)");
        if (failure instanceof EndpointUnavailableException described) {
            return described.getMessage();
        }
        if (failure instanceof OutboundRefusedException refused) {
            return "not sent to " + endpoint + ": " + refused.getMessage();
        }
        if (failure instanceof WebApplicationException http && http.getResponse() != null) {
            return "HTTP " + http.getResponse().getStatus() + " from " + endpoint + after;
        }
        if (failure instanceof TimeoutException) {
            return "no answer from " + endpoint + " in time" + after;
        }
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof UnknownHostException) {
            return "cannot resolve the host of " + endpoint + after;
        }
        if (failure instanceof ProcessingException || failure instanceof IOException || cause instanceof IOException) {
            return "cannot reach " + endpoint + ": " + networkFailure(cause) + after;
        }
        return "the call to " + endpoint + " failed" + after;
    }

    private static String networkFailure(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("refused")) {
            return "connection refused";
        }
        if (message.contains("closed") || message.contains("reset")) {
            return "connection closed";
        }
        if (message.contains("timed out") || message.contains("timeout")) {
            return "connection timed out";
        }
        return "network failure";
    }
}
