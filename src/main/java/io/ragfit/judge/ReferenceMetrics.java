package io.ragfit.judge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.ReferenceKind;

/**
 * Scores that need no LLM: exact match and token F1 with SQuAD's normalisation, ROUGE-L (F-measure of the
 * longest common token subsequence), each the best over every reference; and BioASQ's typed checks.
 */
public final class ReferenceMetrics {

    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{Punct}\\p{IsPunctuation}]");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");

    /**
     * @param yesNoCorrect BioASQ yes/no: 1 when the answer's first yes or no matches the reference, else 0
     * @param factoidFound BioASQ factoid: 1 when any synonym of an exact answer appears in the answer
     * @param listRecall BioASQ list: share of the listed entities (any synonym) the answer mentions
     * @param answerContained 1 when an exact reference (or a synonym) appears in the answer, else 0 (NQ's short
     *            answers are: "accuracy" as Liu et al. (2023) measure it on NQ)
     *            <p>
     *            A metric that does not apply is null, never 0: {@link #coverage} says why.
     */
    public record Scores(double exactMatch, double tokenF1, double rougeL, Double yesNoCorrect, Double factoidFound,
            Double listRecall, Double answerContained) {
    }

    /** The reference metrics that apply to an answer, and for each that does not, why. */
    public record Coverage(List<String> applicable, Map<String, String> notApplicable) {
    }

    public static final List<String> ALWAYS = List.of("exact_match", "token_f1", "rouge_l", "semantic_similarity");
    static final String ANSWER_CONTAINED = "answer_contained";
    static final String YES_NO_CORRECT = "yes_no_correct";
    static final String FACTOID_FOUND = "factoid_found";
    static final String LIST_RECALL = "list_recall";
    /** Every reference metric, whichever questions it applies to. */
    public static final List<String> NAMES = Stream.concat(ALWAYS.stream(),
            Stream.of(ANSWER_CONTAINED, YES_NO_CORRECT, FACTOID_FOUND, LIST_RECALL)).toList();

    private ReferenceMetrics() {
    }

    /** The texts an answer is compared with: every reference and every synonym of an exact one. */
    public static List<String> texts(List<ReferenceAnswer> references) {
        List<String> texts = new ArrayList<>();
        for (ReferenceAnswer reference : references) {
            texts.add(reference.text());
            texts.addAll(reference.synonyms());
        }
        return texts;
    }

    /**
     * Which metrics apply: those comparing texts whenever there is a reference; {@code answer_contained} with an
     * exact (short) reference; {@code yes_no_correct}, {@code factoid_found} and {@code list_recall} to questions
     * of their type with exact answers, and {@code yes_no_correct} only to answers a model wrote (the built-in
     * reader answers with sentences of the context, never yes or no).
     */
    public static Coverage coverage(List<ReferenceAnswer> references, QuestionType type, boolean builtinAnswer) {
        List<String> applicable = new ArrayList<>();
        Map<String, String> notApplicable = new LinkedHashMap<>();
        if (references == null || references.isEmpty()) {
            ALWAYS.forEach(metric -> notApplicable.put(metric, "no reference answer"));
            notApplicable.put(ANSWER_CONTAINED, "no reference answer");
            return new Coverage(applicable, notApplicable);
        }
        applicable.addAll(ALWAYS);
        if (references.stream().anyMatch(answer -> answer.kind() == ReferenceAnswer.Kind.EXACT)) {
            applicable.add(ANSWER_CONTAINED);
        } else {
            notApplicable.put(ANSWER_CONTAINED, "no exact (short) reference: the references are " + kinds(references)
                    + "; give short answers (at most " + ReferenceKind.SHORT_ANSWER_WORDS + " words), {\"kind\": \"EXACT\"}"
                    + " or referenceKind exact");
        }
        switch (type == null ? QuestionType.OPEN : type) {
            case YES_NO -> {
                if (builtinAnswer) {
                    notApplicable.put(YES_NO_CORRECT, "the built-in reader answers with sentences of the context,"
                            + " never yes or no");
                } else if (expectedYesNo(references) == null) {
                    notApplicable.put(YES_NO_CORRECT, "no yes or no among the references");
                } else {
                    applicable.add(YES_NO_CORRECT);
                }
            }
            case FACTOID -> typed(FACTOID_FOUND, references, applicable, notApplicable);
            case LIST -> typed(LIST_RECALL, references, applicable, notApplicable);
            default -> {
                // open and summary questions have no metric of their own
            }
        }
        return new Coverage(applicable, notApplicable);
    }

    private static void typed(String metric, List<ReferenceAnswer> references, List<String> applicable,
            Map<String, String> notApplicable) {
        if (exactAnswers(references).isEmpty()) {
            notApplicable.put(metric, "no exact answer among the references");
        } else {
            applicable.add(metric);
        }
    }

    private static String kinds(List<ReferenceAnswer> references) {
        return references.stream().map(answer -> answer.kind().name().toLowerCase(Locale.ROOT).replace('_', '/'))
                .distinct().collect(Collectors.joining(", ")) + " answers";
    }

    private static List<ReferenceAnswer> exactAnswers(List<ReferenceAnswer> references) {
        return references.stream().filter(answer -> answer.kind() != ReferenceAnswer.Kind.IDEAL).toList();
    }

    public static Scores score(String prediction, List<ReferenceAnswer> references, QuestionType type, boolean builtinAnswer) {
        List<String> texts = texts(references);
        double exact = 0;
        double f1 = 0;
        double rouge = 0;
        for (String reference : texts) {
            exact = Math.max(exact, normalize(prediction).equals(normalize(reference)) ? 1 : 0);
            f1 = Math.max(f1, tokenF1(prediction, reference));
            rouge = Math.max(rouge, rougeL(prediction, reference));
        }
        List<String> applicable = coverage(references, type, builtinAnswer).applicable();
        List<ReferenceAnswer> exactAnswers = exactAnswers(references);
        List<ReferenceAnswer> spans = references.stream().filter(answer -> answer.kind() == ReferenceAnswer.Kind.EXACT).toList();
        return new Scores(exact, f1, rouge,
                applicable.contains(YES_NO_CORRECT) ? yesNo(prediction, references) : null,
                applicable.contains(FACTOID_FOUND) ? found(prediction, exactAnswers) : null,
                applicable.contains(LIST_RECALL) ? listRecall(prediction, exactAnswers) : null,
                applicable.contains(ANSWER_CONTAINED) ? found(prediction, spans) : null);
    }

    /** SQuAD's normalisation: lower case, no punctuation, no articles, single spaces. */
    public static String normalize(String text) {
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        String noPunctuation = PUNCTUATION.matcher(lower).replaceAll("");
        return String.join(" ", ARTICLES.matcher(noPunctuation).replaceAll(" ").trim().split("\\s+")).trim();
    }

    static List<String> tokens(String text) {
        String normalized = normalize(text);
        return normalized.isEmpty() ? List.of() : Arrays.asList(normalized.split(" "));
    }

    public static double tokenF1(String prediction, String reference) {
        List<String> predicted = tokens(prediction);
        List<String> expected = tokens(reference);
        if (predicted.isEmpty() || expected.isEmpty()) {
            return predicted.equals(expected) ? 1 : 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        expected.forEach(token -> counts.merge(token, 1, Integer::sum));
        int common = 0;
        for (String token : predicted) {
            Integer left = counts.get(token);
            if (left != null && left > 0) {
                common++;
                counts.put(token, left - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = common / (double) predicted.size();
        double recall = common / (double) expected.size();
        return 2 * precision * recall / (precision + recall);
    }

    public static double rougeL(String prediction, String reference) {
        List<String> predicted = tokens(prediction);
        List<String> expected = tokens(reference);
        if (predicted.isEmpty() || expected.isEmpty()) {
            return 0;
        }
        int common = longestCommonSubsequence(predicted, expected);
        if (common == 0) {
            return 0;
        }
        double precision = common / (double) predicted.size();
        double recall = common / (double) expected.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** Length of the longest common subsequence, in two rows as long as the shorter list (memory O(min(n, m))). */
    static int longestCommonSubsequence(List<String> first, List<String> second) {
        List<String> longer = first.size() >= second.size() ? first : second;
        List<String> shorter = longer == first ? second : first;
        int[] previous = new int[shorter.size() + 1];
        int[] current = new int[shorter.size() + 1];
        for (String token : longer) {
            for (int j = 1; j <= shorter.size(); j++) {
                current[j] = token.equals(shorter.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[shorter.size()];
    }

    private static String expectedYesNo(List<ReferenceAnswer> references) {
        return references.stream().filter(answer -> answer.kind() == ReferenceAnswer.Kind.YES_NO)
                .map(ReferenceAnswer::text).findFirst().orElse(null);
    }

    private static double yesNo(String prediction, List<ReferenceAnswer> references) {
        String expected = expectedYesNo(references);
        String said = tokens(prediction).stream().filter(token -> token.equals("yes") || token.equals("no"))
                .findFirst().orElse(null);
        return expected != null && expected.equalsIgnoreCase(said) ? 1 : 0;
    }

    private static double found(String prediction, List<ReferenceAnswer> entities) {
        return entities.stream().anyMatch(entity -> mentions(prediction, entity)) ? 1 : 0;
    }

    private static double listRecall(String prediction, List<ReferenceAnswer> entities) {
        return entities.stream().filter(entity -> mentions(prediction, entity)).count() / (double) entities.size();
    }

    /** True when the answer contains the entity or one of its synonyms, as whole normalised tokens. */
    private static boolean mentions(String prediction, ReferenceAnswer entity) {
        String answer = " " + normalize(prediction) + " ";
        List<String> names = new ArrayList<>(entity.synonyms());
        names.add(entity.text());
        return names.stream().map(ReferenceMetrics::normalize).anyMatch(name -> !name.isEmpty() && answer.contains(" " + name + " "));
    }
}
