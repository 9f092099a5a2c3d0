package io.ragfit.corpus;

/** What a dataset loader yields: retrievable text, a question with its references, or a record it could not read. */
public sealed interface DatasetRecord permits Document, Question, MalformedRecord {
}
