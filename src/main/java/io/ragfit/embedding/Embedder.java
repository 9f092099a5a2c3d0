package io.ragfit.embedding;

import java.util.List;

import io.smallrye.mutiny.Uni;

/** Turns text into vectors. Documents and queries differ: retrieval models often want an instruction on queries. */
public interface Embedder {

    EmbeddingModel model();

    /** One vector per text, in order. */
    Uni<List<float[]>> embedDocuments(List<String> texts);

    Uni<float[]> embedQuery(String text);
}
