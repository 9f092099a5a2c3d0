package io.ragfit.api;

import java.util.List;

import io.ragfit.embedding.EmbeddingModel;
import io.ragfit.retrieval.RetrievedChunk;

public record SearchResponse(String corpus, String query, EmbeddingModel model, List<RetrievedChunk> chunks,
        double tookMs) {
}
