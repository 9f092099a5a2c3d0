package io.ragfit.corpus;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a reference given as plain text (not as {@code {kind, text}}) is read. Whatever the kind, {@code yes} or
 * {@code no} to a yes/no question is a yes/no answer.
 */
public enum ReferenceKind {
    /** Texts of at most {@value #SHORT_ANSWER_WORDS} words are exact (short) answers, longer ones ideal answers. */
    AUTO,
    /** Every text is an exact (short) answer, to be found in the answer: NQ's short answers. */
    EXACT,
    /** Every text is an ideal answer in prose, compared as a whole. */
    IDEAL;

    public static final int SHORT_ANSWER_WORDS = 5;

    public ReferenceAnswer read(String text, QuestionType type) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        if (type == QuestionType.YES_NO && (word.equals("yes") || word.equals("no"))) {
            return ReferenceAnswer.of(ReferenceAnswer.Kind.YES_NO, word);
        }
        boolean exact = this == EXACT || this == AUTO && text.strip().split("\\s+").length <= SHORT_ANSWER_WORDS;
        return ReferenceAnswer.of(exact ? ReferenceAnswer.Kind.EXACT : ReferenceAnswer.Kind.IDEAL, text);
    }

    /** The kind named {@code auto}, {@code exact} or {@code ideal}, in any case. */
    public static Optional<ReferenceKind> named(String name) {
        return Arrays.stream(values()).filter(kind -> kind.name().equalsIgnoreCase(name)).findFirst();
    }
}
