package io.ragfit.corpus;

/** A paragraph of a document, with the section it belongs to ({@code null} when the document has none). */
public record Passage(String section, String text) {
}
