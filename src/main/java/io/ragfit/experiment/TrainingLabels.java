package io.ragfit.experiment;

import java.util.List;

import io.ragfit.corpus.Question;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.generation.SentenceSplitter.Located;
import io.ragfit.judge.ReferenceMetrics;

/**
 * Which retrieved sentences hold a question's answer, the built-in tuned reader's training signal: one that
 * contains an exact answer (or a synonym), lies in the evidence the annotators cited, or shares most words
 * with an ideal answer.
 */
final class TrainingLabels {

    static final double IDEAL_F1 = 0.4;

    private TrainingLabels() {
    }

    static List<Boolean> of(Question question, List<Located> candidates) {
        return candidates.stream().map(candidate -> holdsAnswer(question, candidate.text())).toList();
    }

    static boolean holdsAnswer(Question question, String sentence) {
        String normalised = " " + ReferenceMetrics.normalize(sentence) + " ";
        for (ReferenceAnswer answer : question.answers()) {
            switch (answer.kind()) {
                case EXACT -> {
                    if (contains(normalised, answer.text()) || answer.synonyms().stream().anyMatch(s -> contains(normalised, s))) {
                        return true;
                    }
                }
                case IDEAL -> {
                    if (ReferenceMetrics.tokenF1(sentence, answer.text()) >= IDEAL_F1) {
                        return true;
                    }
                }
                default -> {
                }
            }
            String plain = sentence.strip();
            if (plain.length() >= 20 && answer.evidence().stream().anyMatch(evidence -> evidence.contains(plain))) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String normalisedSentence, String answer) {
        String normalised = ReferenceMetrics.normalize(answer);
        return !normalised.isBlank() && normalisedSentence.contains(" " + normalised + " ");
    }
}
