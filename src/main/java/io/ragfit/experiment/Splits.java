package io.ragfit.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import io.ragfit.corpus.Question;

/**
 * An experiment's seeded splits: a train set per size and one evaluation set, disjoint from every train set.
 * Near-duplicate questions (see {@link NearDuplicates}) travel together, so a question can never be in a
 * train set and, barely reworded, in the evaluation set.
 *
 * @param train question ids per train size
 * @param evaluation question ids evaluated
 */
public record Splits(Map<Integer, List<String>> train, List<String> evaluation) {

    /**
     * Fails (409) when questions of these splits are not among {@code present}: the corpus was ingested again
     * since, without them.
     */
    void requireIn(Set<String> present, String corpus) {
        List<String> gone = new ArrayList<>();
        evaluation.stream().filter(id -> !present.contains(id)).forEach(gone::add);
        train.values().forEach(ids -> ids.stream().filter(id -> !present.contains(id)).forEach(gone::add));
        if (!gone.isEmpty()) {
            throw InvalidExperimentException.conflict(gone.size() + " questions of the splits are no longer in corpus '"
                    + corpus + "' (" + String.join(", ", gone.stream().distinct().limit(5).toList())
                    + "): define the experiment again");
        }
    }

    /**
     * Shuffles the questions (by their ids, sorted first, so the order they came in does not matter) with the
     * seed; the evaluation set is taken from the end, train sets from the start: nested, each the first
     * {@code size} of one order, or independent, each drawn with its own seed from what evaluation left.
     */
    public static Splits plan(List<Question> questions, long seed, List<Integer> sizes, boolean nested, Integer evaluationSize) {
        List<List<String>> groups = shuffledGroups(questions, seed);
        int largest = sizes.getLast();
        int total = questions.size();
        int evaluated = evaluationSize == null ? total - largest : evaluationSize;
        if (evaluated < 1 || largest + evaluated > total) {
            throw InvalidExperimentException.invalid("corpus has " + total + " questions: not enough for a train set of "
                    + largest + " and " + (evaluationSize == null ? "an evaluation set" : "an evaluation set of " + evaluationSize)
                    + "; ask for smaller trainSizes or evaluationSize");
        }
        List<String> evaluation = new ArrayList<>();
        int cut = groups.size();
        while (evaluation.size() < evaluated) {
            evaluation.addAll(groups.get(--cut));
        }
        List<List<String>> pool = groups.subList(0, cut);
        Map<Integer, List<String>> train = new TreeMap<>();
        for (int size : sizes) {
            List<List<String>> order = nested ? pool : shuffled(pool, seed + size);
            List<String> chosen = new ArrayList<>();
            for (List<String> group : order) {
                if (chosen.size() >= size) {
                    break;
                }
                chosen.addAll(group);
            }
            if (chosen.size() < size) {
                throw InvalidExperimentException.invalid("only " + chosen.size() + " questions are left for a train set of "
                        + size + " once the evaluation set is taken");
            }
            train.put(size, List.copyOf(chosen));
        }
        return new Splits(train, List.copyOf(evaluation));
    }

    private static List<List<String>> shuffledGroups(List<Question> questions, long seed) {
        List<List<String>> groups = NearDuplicates.groups(questions).stream()
                .map(group -> group.stream().map(Question::id).toList())
                .toList();
        return shuffled(groups, seed);
    }

    private static <T> List<T> shuffled(List<T> items, long seed) {
        List<T> copy = new ArrayList<>(items);
        // java.util.Random's sequence is specified: the same seed shuffles the same way on every JVM
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }
}
