package io.ragfit.corpus.format;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record as its source stores it: a JSONL line, or an element of a JSON array or object. A record
 * whose JSON cannot be read carries the reason instead of a node.
 *
 * @param number 1-based position among the source's records
 * @param line 1-based line where it starts
 * @param key its field name when it is an entry of a JSON object (a Qasper paper id), else {@code null}
 */
record SourceRecord(long number, long line, String key, JsonNode node, String unreadable) {

    static SourceRecord read(long number, long line, String key, JsonNode node) {
        return new SourceRecord(number, line, key, node, null);
    }

    static SourceRecord unreadable(long number, long line, String reason) {
        return new SourceRecord(number, line, null, null, reason);
    }
}
