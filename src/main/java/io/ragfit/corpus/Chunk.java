package io.ragfit.corpus;

/**
 * A piece of a document small enough to embed and to put in a prompt, with its provenance.
 *
 * @param start offset of its first character in {@link Chunker#text(Document)}
 * @param end offset just past its last character
 */
public record Chunk(String id, String documentId, String title, String section, int ordinal, int start, int end,
        String text) {
}
