package io.ragfit.retrieval;

/** One search hit: the chunk, where it comes from, and its similarity to the query (higher is closer). */
public record RetrievedChunk(int rank, String chunkId, String documentId, String title, String section, int ordinal,
        int start, int end, String text, double score) {
}
