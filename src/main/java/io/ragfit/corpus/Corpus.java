package io.ragfit.corpus;

import java.time.Instant;

import io.ragfit.embedding.EmbeddingModel;

/** A searchable collection of chunks; its chunking and embedding model are fixed at creation. */
public record Corpus(String id, int chunkSize, int chunkOverlap, EmbeddingModel model, Instant createdAt) {

    /** What a corpus id may be (it names an Elasticsearch index): lowercase letters, digits, '_' and '-'. */
    public static final String ID = "[a-z0-9][a-z0-9_-]{0,62}";
}
