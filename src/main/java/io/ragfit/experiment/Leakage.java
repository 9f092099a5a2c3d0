package io.ragfit.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ragfit.corpus.Question;

/**
 * Whether anything evaluated was seen in training: an evaluation question that is a near-duplicate of a
 * train question (see {@link NearDuplicates}).
 *
 * @param clean no leak found
 * @param checked evaluation questions compared with every train question
 * @param leaks each leak found (at most {@link #MAX_LISTED} listed)
 */
public record Leakage(boolean clean, int checked, int leakCount, List<Leak> leaks) {

    public static final int MAX_LISTED = 50;

    /** An evaluation question found in a train set, and why. */
    public record Leak(String evaluationQuestion, String trainQuestion, int trainSize, String reason) {
    }

    public static Leakage check(List<Question> questions, Splits splits) {
        Map<String, Question> byId = new HashMap<>();
        questions.forEach(question -> byId.put(question.id(), question));
        Map<String, Integer> smallestTrainSet = new HashMap<>();
        splits.train().forEach((size, ids) -> ids.forEach(id -> smallestTrainSet.merge(id, size, Math::min)));
        Map<String, List<String>> trainByText = new HashMap<>();
        Map<String, List<String>> trainByAnswers = new HashMap<>();
        smallestTrainSet.keySet().forEach(id -> {
            Question question = byId.get(id);
            trainByText.computeIfAbsent(NearDuplicates.normalise(question.text()), text -> new ArrayList<>()).add(id);
            String answers = NearDuplicates.answers(question);
            if (!answers.isEmpty()) {
                trainByAnswers.computeIfAbsent(answers, key -> new ArrayList<>()).add(id);
            }
        });
        List<Leak> leaks = new ArrayList<>();
        int count = 0;
        for (String id : splits.evaluation()) {
            Question evaluated = byId.get(id);
            Leak leak = null;
            List<String> sameText = trainByText.getOrDefault(NearDuplicates.normalise(evaluated.text()), List.of());
            if (!sameText.isEmpty()) {
                leak = new Leak(id, sameText.getFirst(), smallestTrainSet.get(sameText.getFirst()), "same question text");
            } else {
                for (String trainId : trainByAnswers.getOrDefault(NearDuplicates.answers(evaluated), List.of())) {
                    if (NearDuplicates.sameAnswersMostlySameWords(evaluated, byId.get(trainId))) {
                        leak = new Leak(id, trainId, smallestTrainSet.get(trainId), "same reference answers, "
                                + "question mostly the same words");
                        break;
                    }
                }
            }
            if (leak != null) {
                count++;
                if (leaks.size() < MAX_LISTED) {
                    leaks.add(leak);
                }
            }
        }
        return new Leakage(count == 0, splits.evaluation().size(), count, leaks);
    }
}
