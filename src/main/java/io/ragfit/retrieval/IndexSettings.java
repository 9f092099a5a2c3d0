package io.ragfit.retrieval;

import io.ragfit.embedding.EmbeddingModel;

/** What an index was built with; kept in the index mapping's {@code _meta}. */
public record IndexSettings(EmbeddingModel model, int chunkSize, int chunkOverlap) {
}
