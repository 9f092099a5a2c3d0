package io.ragfit.retrieval;

import io.ragfit.embedding.EmbeddingModel;
import io.ragfit.failure.RefusedException;

/** An index built with one embedding model, asked to take or answer vectors of another. */
public class EmbeddingModelMismatchException extends RefusedException {

    public EmbeddingModelMismatchException(String corpus, EmbeddingModel indexed, EmbeddingModel current) {
        super(Family.CONFLICT, "corpus '" + corpus + "' was indexed with " + indexed + " but this service embeds with " + current
                + ": its vectors are not comparable. Configure the embedder it was built with, or ingest it"
                + " again into a new corpus.");
    }
}
