package io.ragfit.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A text query; {@code k} and {@code numCandidates} default to the service's retrieval settings. */
public record SearchRequest(
        @NotBlank @Size(max = 10_000) String query,
        @Min(1) @Max(100) Integer k,
        @Min(1) @Max(10_000) Integer numCandidates) {
}
