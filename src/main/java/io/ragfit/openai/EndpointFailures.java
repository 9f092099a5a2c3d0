package io.ragfit.openai;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Says in one sentence why a call to an endpoint finally failed, for the record kept with the answer or score. */
public final class EndpointFailures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointFailures() {
    }

    /** Why a call failed; {@code attempts} is said when positive. */
    public static String describe(Throwable failure, String endpoint, int attempts) {
        String after = attempts <= 0 ? "" : " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)");
        if (failure instanceof EndpointUnavailableException described) {
            return described.getMessage();
        }
        if (failure instanceof WebApplicationException http && http.getResponse() != null) {
            return "HTTP " + http.getResponse().getStatus() + " from " + endpoint + after + serverMessage(http);
        }
        if (failure instanceof TimeoutException) {
            return "no answer from " + endpoint + " in time: " + failure.getMessage() + after;
        }
        if (failure instanceof ProcessingException || failure instanceof IOException || failure.getCause() instanceof IOException) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            return "cannot reach " + endpoint + ": " + cause.getMessage() + after;
        }
        return failure.getClass().getSimpleName() + " calling " + endpoint + ": " + failure.getMessage() + after;
    }

    /** The {@code error.message} of an OpenAI-style error body, when the server sent one. */
    private static String serverMessage(WebApplicationException http) {
        try {
            String body = http.getResponse().readEntity(String.class);
            JsonNode message = JSON.readTree(body).path("error").path("message");
            return message.isTextual() ? ": " + message.asText() : "";
        } catch (RuntimeException | IOException unreadable) {
            return "";
        }
    }
}
