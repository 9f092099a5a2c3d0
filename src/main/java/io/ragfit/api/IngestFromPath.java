package io.ragfit.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * Ingest a file the service can read, named relative to the corpus root ({@code ragfit.corpus.root}); {@code format}
 * may be {@code auto}.
 */
public record IngestFromPath(
        @NotBlank String format,
        @NotBlank String path,
        @Min(20) @Max(100_000) Integer chunkSize,
        @Min(0) @Max(50_000) Integer chunkOverlap,
        @DecimalMin("0") @DecimalMax("1") Double maxMalformedShare) {
}
