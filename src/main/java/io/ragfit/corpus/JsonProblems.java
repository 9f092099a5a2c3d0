package io.ragfit.corpus;

import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** What is wrong with a JSON (or YAML) document, said for its author: where, never the Java types it was meant for. */
public final class JsonProblems {

    /** A value refused by the type it is read into, with the reason to show its author (after the value's path). */
    public static class Refusal extends RuntimeException {

        public Refusal(String reason) {
            super(reason);
        }
    }

    private JsonProblems() {
    }

    /** The JSON path of the value at fault ({@code references[2].kind}), or null when the document itself is. */
    public static String path(JsonProcessingException problem) {
        if (!(problem instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return null;
        }
        return mapping.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    public static String describe(JsonProcessingException problem) {
        if (problem instanceof StreamConstraintsException) {
            return "the document is nested too deeply or holds a value too large";
        }
        String path = path(problem);
        if (path != null) {
            String what = problem instanceof UnrecognizedPropertyException ? "is not a known field"
                    : problem.getCause() instanceof Refusal refusal ? refusal.getMessage()
                    : problem.getOriginalMessage() != null && problem.getOriginalMessage().equals(PlainText.CONTROL_CHARACTER)
                            ? PlainText.CONTROL_CHARACTER
                            : "has the wrong type or value";
            return "'" + path + "' " + what;
        }
        if (problem instanceof JsonMappingException) {
            return "the document is not of the expected kind (an object with the documented fields)";
        }
        JsonLocation location = problem.getLocation();
        return location == null || location.getLineNr() < 0 ? "malformed document"
                : "malformed document at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
