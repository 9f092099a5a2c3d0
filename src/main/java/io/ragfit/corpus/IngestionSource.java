package io.ragfit.corpus;

import java.nio.file.Path;

/**
 * The file an ingestion reads.
 *
 * @param description what users see: the path under the corpus root, or the uploaded file's name
 * @param staged true for an upload ragfit copied aside, deleted once ingested
 */
public record IngestionSource(Path file, String description, boolean staged) {
}
