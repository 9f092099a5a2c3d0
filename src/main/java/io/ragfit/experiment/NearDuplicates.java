package io.ragfit.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.ragfit.corpus.Question;
import io.ragfit.corpus.ReferenceAnswer;

/**
 * When two questions count as one for splitting: the same normalised text, or the same reference answers
 * and mostly the same words ("who played ben stone on law and order" / "who was the actor that played ben
 * stone on law and order", both of them in the NQ sample). Splits keep such questions together; the
 * leakage check looks for them across splits.
 */
final class NearDuplicates {

    /** Share of words two questions with the same answers must have in common to count as one question. */
    static final double SAME_QUESTION_WORDS = 0.8;

    private NearDuplicates() {
    }

    /** Text as compared: lower case, letters and digits only, single spaces. */
    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    /** The normalised reference answers as one key; yes, no and "unanswerable" say nothing of which question it is. */
    static String answers(Question question) {
        Set<String> texts = new TreeSet<>();
        for (ReferenceAnswer answer : question.answers()) {
            if (answer.kind() == ReferenceAnswer.Kind.EXACT || answer.kind() == ReferenceAnswer.Kind.IDEAL) {
                texts.add(normalise(answer.text()));
            }
        }
        texts.remove("");
        return String.join(" | ", texts);
    }

    /** Words in common over the words of the shorter question. */
    static double wordOverlap(String a, String b) {
        Set<String> first = new HashSet<>(List.of(normalise(a).split(" ")));
        Set<String> second = new HashSet<>(List.of(normalise(b).split(" ")));
        long shared = first.stream().filter(second::contains).count();
        return shared / (double) Math.min(first.size(), second.size());
    }

    static boolean sameAnswersMostlySameWords(Question a, Question b) {
        String answers = answers(a);
        return !answers.isEmpty() && answers.equals(answers(b)) && wordOverlap(a.text(), b.text()) >= SAME_QUESTION_WORDS;
    }

    /** The questions in groups of near-duplicates (most groups hold one question), each group in id order. */
    static List<List<Question>> groups(List<Question> questions) {
        List<Question> ordered = questions.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
        int[] parent = new int[ordered.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstByText = new HashMap<>();
        Map<String, List<Integer>> byAnswers = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            Question question = ordered.get(i);
            Integer sameText = firstByText.putIfAbsent(normalise(question.text()), i);
            if (sameText != null) {
                union(parent, sameText, i);
            }
            String answers = answers(question);
            if (!answers.isEmpty()) {
                List<Integer> sameAnswers = byAnswers.computeIfAbsent(answers, key -> new ArrayList<>());
                for (int other : sameAnswers) {
                    if (wordOverlap(ordered.get(other).text(), question.text()) >= SAME_QUESTION_WORDS) {
                        union(parent, other, i);
                    }
                }
                sameAnswers.add(i);
            }
        }
        Map<Integer, List<Question>> groups = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            groups.computeIfAbsent(find(parent, i), root -> new ArrayList<>()).add(ordered.get(i));
        }
        return new ArrayList<>(groups.values());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, b)] = find(parent, a);
    }
}
