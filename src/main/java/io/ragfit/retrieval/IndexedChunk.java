package io.ragfit.retrieval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A chunk as Elasticsearch stores it: provenance, text and vector (left out of {@code _source} by ES 9);
 * its id is the document id in the index, not a field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexedChunk(
        @JsonIgnore String id,
        @JsonProperty("document_id") String documentId,
        String title,
        String section,
        int ordinal,
        @JsonProperty("start_offset") int start,
        @JsonProperty("end_offset") int end,
        String text,
        float[] vector) {
}
