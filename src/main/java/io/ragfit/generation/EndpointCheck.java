package io.ragfit.generation;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the endpoint said of a variant's model.
 *
 * @param parent the base model of a LoRA adapter, as vLLM reports it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointCheck(Status status, String detail, String parent, Instant checkedAt) {

    public enum Status {
        /** The endpoint lists the model. */
        OK,
        /** The endpoint answers but does not list the model. */
        MODEL_MISSING,
        /** The endpoint could not be reached or refused the request. */
        UNREACHABLE,
        /** Built-in variants have no endpoint. */
        BUILTIN
    }
}
