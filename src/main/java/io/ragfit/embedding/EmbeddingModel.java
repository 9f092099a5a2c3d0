package io.ragfit.embedding;

/** Which vectors these are: stored with every index, so that an index is only ever queried in its own space. */
public record EmbeddingModel(String name, int dimensions) {

    @Override
    public String toString() {
        return name + " (" + dimensions + " dimensions)";
    }
}
