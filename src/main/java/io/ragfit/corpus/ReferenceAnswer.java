package io.ragfit.corpus;

import java.util.List;

/**
 * One reference answer.
 *
 * @param kind what sort of reference it is
 * @param text the answer ({@code yes}/{@code no} for {@link Kind#YES_NO})
 * @param synonyms other accepted spellings of an exact answer (BioASQ synonym lists)
 * @param evidence passages the annotator cited, when the dataset records them
 */
public record ReferenceAnswer(Kind kind, String text, List<String> synonyms, List<String> evidence) {

    public enum Kind {
        /** A short span that must match: NQ short answers, Qasper extractive spans, BioASQ exact answers. */
        EXACT,
        /** A full answer in prose: BioASQ ideal answers, Qasper free-form answers, generic references. */
        IDEAL,
        YES_NO,
        UNANSWERABLE
    }

    public ReferenceAnswer {
        synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public static ReferenceAnswer of(Kind kind, String text) {
        return new ReferenceAnswer(kind, text, List.of(), List.of());
    }
}
