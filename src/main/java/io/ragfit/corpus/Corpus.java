package io.ragfit.corpus;

import java.time.Instant;

import io.ragfit.embedding.EmbeddingModel;

/** A searchable collection of chunks; its chunking and embedding model are fixed at creation. */
public record Corpus(String id, int chunkSize, int chunkOverlap, EmbeddingModel model, Instant createdAt) {
}
