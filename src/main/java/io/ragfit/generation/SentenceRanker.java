package io.ragfit.generation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.ragfit.generation.SentenceSplitter.Located;

/**
 * The built-in tuned reader's model: a logistic regression over simple features of a candidate sentence
 * (overlap with the question, where it stands in the retrieved context, whether it holds the kind of thing
 * the question asks for), trained on a split's questions and their reference answers. Small, fast, and
 * really learned on the CPU; not an LLM.
 */
public final class SentenceRanker {

    public static final List<String> FEATURES = List.of("question_overlap", "question_overlap_count", "bigram_overlap",
            "chunk_rank_inverse", "chunk_score", "first_in_chunk", "relative_position", "length", "has_number", "has_year",
            "capitalized_ratio", "when_x_year", "how_many_x_number", "who_x_capitalized", "where_x_capitalized");

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern NUMBER = Pattern.compile("\\d");
    private static final Pattern YEAR = Pattern.compile("\\b(1[0-9]{3}|20[0-9]{2})\\b");
    private static final Set<String> STOPWORDS = Set.of("a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with",
            "from", "and", "or", "is", "are", "was", "were", "be", "been", "did", "does", "do", "who", "whom", "whose", "what",
            "which", "when", "where", "why", "how", "many", "much", "that", "this", "it", "its", "as", "s", "has", "have",
            "had", "name", "called");
    private static final int ITERATIONS = 400;
    private static final double LEARNING_RATE = 0.5;
    private static final double L2 = 0.01;

    /**
     * A trained model.
     *
     * @param mean and {@code scale} standardise each feature as seen in training
     * @param training what it was trained on
     */
    public record Model(List<String> features, double[] mean, double[] scale, double[] weights, double bias,
            Training training) {
    }

    /**
     * @param questions questions trained on (those with at least one sentence holding their answer)
     * @param skipped questions left out: none of their retrieved sentences holds the answer
     * @param trainTop1 share of the training questions whose best-scored sentence holds the answer
     */
    public record Training(int questions, int skipped, int candidates, int positives, double trainTop1) {
    }

    /** A training question: its candidate sentences and which hold the answer. */
    public record Example(String question, List<Located> candidates, List<Boolean> positive) {
    }

    private SentenceRanker() {
    }

    public static double[] features(String question, Located sentence) {
        List<String> questionWords = words(question);
        List<String> content = questionWords.stream().filter(word -> !STOPWORDS.contains(word)).toList();
        List<String> sentenceWords = words(sentence.text());
        Set<String> inSentence = new HashSet<>(sentenceWords);
        long shared = content.stream().distinct().filter(inSentence::contains).count();
        Set<String> sentenceBigrams = bigrams(sentenceWords);
        Set<String> questionBigrams = bigrams(questionWords);
        long sharedBigrams = questionBigrams.stream().filter(sentenceBigrams::contains).count();
        String lower = question.toLowerCase(Locale.ROOT);
        double hasNumber = NUMBER.matcher(sentence.text()).find() ? 1 : 0;
        double hasYear = YEAR.matcher(sentence.text()).find() ? 1 : 0;
        double capitalized = capitalizedRatio(sentence.text());
        return new double[] {
                content.isEmpty() ? 0 : shared / (double) content.stream().distinct().count(),
                Math.min(shared, 5) / 5.0,
                questionBigrams.isEmpty() ? 0 : sharedBigrams / (double) questionBigrams.size(),
                1.0 / sentence.chunkRank(),
                sentence.chunkScore(),
                sentence.index() == 0 ? 1 : 0,
                sentence.sentencesInChunk() <= 1 ? 0 : sentence.index() / (double) (sentence.sentencesInChunk() - 1),
                Math.min(sentenceWords.size(), 60) / 60.0,
                hasNumber,
                hasYear,
                capitalized,
                (lower.startsWith("when") || lower.contains("what year")) ? hasYear : 0,
                (lower.contains("how many") || lower.contains("how much") || lower.contains("how long")) ? hasNumber : 0,
                (lower.startsWith("who") || lower.contains(" who ")) ? capitalized : 0,
                (lower.startsWith("where") || lower.contains(" where ")) ? capitalized : 0,
        };
    }

    public static double score(Model model, double[] features) {
        double score = model.bias();
        for (int i = 0; i < features.length; i++) {
            score += model.weights()[i] * (features[i] - model.mean()[i]) / model.scale()[i];
        }
        return score;
    }

    /** Indices of the {@code count} best-scored candidates, in their original order. */
    public static List<Integer> best(Model model, String question, List<Located> candidates, int count) {
        double[] scores = candidates.stream().mapToDouble(candidate -> score(model, features(question, candidate))).toArray();
        return IntStream.range(0, candidates.size())
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> i))
                .limit(count)
                .sorted()
                .toList();
    }

    /**
     * Logistic regression by full-batch gradient descent on standardised features, positives and negatives
     * weighted to count equally, with a little L2: deterministic, so the same examples give the same model.
     */
    public static Model train(List<Example> examples) {
        List<double[]> rows = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<Example> used = examples.stream().filter(example -> example.positive().contains(true)).toList();
        for (Example example : used) {
            for (int i = 0; i < example.candidates().size(); i++) {
                rows.add(features(example.question(), example.candidates().get(i)));
                labels.add(example.positive().get(i));
            }
        }
        int width = FEATURES.size();
        double[] mean = new double[width];
        double[] scale = new double[width];
        java.util.Arrays.fill(scale, 1);
        double[] weights = new double[width];
        double bias = 0;
        long positives = labels.stream().filter(Boolean::booleanValue).count();
        if (!rows.isEmpty()) {
            double[] variance = new double[width];
            for (double[] row : rows) {
                for (int j = 0; j < width; j++) {
                    mean[j] += row[j] / rows.size();
                }
            }
            for (double[] row : rows) {
                for (int j = 0; j < width; j++) {
                    variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / rows.size();
                }
            }
            for (int j = 0; j < width; j++) {
                // a feature constant in training keeps scale 1 (and learns nothing)
                scale[j] = variance[j] > 1e-12 ? Math.sqrt(variance[j]) : 1;
            }
            double positiveWeight = positives == 0 ? 0 : rows.size() / (2.0 * positives);
            double negativeWeight = positives == rows.size() ? 0 : rows.size() / (2.0 * (rows.size() - positives));
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                double[] gradient = new double[width];
                double biasGradient = 0;
                for (int r = 0; r < rows.size(); r++) {
                    double[] row = rows.get(r);
                    double z = bias;
                    for (int j = 0; j < width; j++) {
                        z += weights[j] * (row[j] - mean[j]) / scale[j];
                    }
                    double predicted = 1 / (1 + Math.exp(-z));
                    boolean label = labels.get(r);
                    double error = (predicted - (label ? 1 : 0)) * (label ? positiveWeight : negativeWeight);
                    for (int j = 0; j < width; j++) {
                        gradient[j] += error * (row[j] - mean[j]) / scale[j];
                    }
                    biasGradient += error;
                }
                for (int j = 0; j < width; j++) {
                    weights[j] -= LEARNING_RATE * (gradient[j] / rows.size() + L2 * weights[j]);
                }
                bias -= LEARNING_RATE * biasGradient / rows.size();
            }
        }
        Model model = new Model(FEATURES, mean, scale, weights, bias, null);
        long hits = used.stream()
                .filter(example -> example.positive().get(best(model, example.question(), example.candidates(), 1).getFirst()))
                .count();
        return new Model(FEATURES, mean, scale, weights, bias, new Training(used.size(), examples.size() - used.size(),
                rows.size(), (int) positives, used.isEmpty() ? 0 : hits / (double) used.size()));
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    private static Set<String> bigrams(List<String> words) {
        Set<String> bigrams = new HashSet<>();
        for (int i = 1; i < words.size(); i++) {
            bigrams.add(words.get(i - 1) + " " + words.get(i));
        }
        return bigrams;
    }

    private static double capitalizedRatio(String text) {
        String[] tokens = text.split("\\s+");
        if (tokens.length <= 1) {
            return 0;
        }
        int capitalized = 0;
        for (int i = 1; i < tokens.length; i++) {
            if (!tokens[i].isEmpty() && Character.isUpperCase(tokens[i].codePointAt(0))) {
                capitalized++;
            }
        }
        return capitalized / (double) (tokens.length - 1);
    }
}
