package io.ragfit.corpus;

/**
 * A source record that could not be read. Ingestion counts and reports it, and goes on with the next.
 *
 * @param record its 1-based number in the source
 * @param line the 1-based line where it starts
 */
public record MalformedRecord(long record, long line, String reason) implements DatasetRecord {
}
