package io.ragfit.corpus;

/** BioASQ's question types; questions from other datasets are {@code OPEN}. */
public enum QuestionType {
    OPEN,
    YES_NO,
    FACTOID,
    LIST,
    SUMMARY
}
