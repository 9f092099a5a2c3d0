package io.ragfit.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.ragfit.generation.SentenceSplitter.Located;

class SentenceRankerTests {

    /**
     * "When" questions whose answer sentence holds a year but shares fewer words with the question than a
     * distractor does: word overlap alone picks the distractor, a ranker that learnt "when x year" picks the answer.
     */
    private static SentenceRanker.Example example(Random random, int i) {
        String topic = "topic" + i;
        String question = "When did the " + topic + " treaty take effect in the region?";
        List<Located> candidates = new ArrayList<>();
        candidates.add(new Located("The " + topic + " treaty in the region was discussed at length by many.", 1, 0.9, 0, 3));
        candidates.add(new Located("It came into force in " + (1900 + random.nextInt(100)) + " after ratification.", 1, 0.9, 1, 3));
        candidates.add(new Located("Critics of the " + topic + " agreement wrote several essays.", 2, 0.8, 2, 3));
        return new SentenceRanker.Example(question, candidates, List.of(false, true, false));
    }

    @Test
    void shouldLearnWhatTheAnswerSentencesHaveInCommon() {
        Random random = new Random(1);
        List<SentenceRanker.Example> train = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            train.add(example(random, i));
        }

        SentenceRanker.Model model = SentenceRanker.train(train);

        int right = 0;
        for (int i = 100; i < 120; i++) {
            SentenceRanker.Example unseen = example(random, i);
            if (unseen.positive().get(SentenceRanker.best(model, unseen.question(), unseen.candidates(), 1).getFirst())) {
                right++;
            }
        }
        assertThat(right).as("unseen questions answered by the year sentence").isEqualTo(20);
        assertThat(model.training().questions()).isEqualTo(50);
        assertThat(model.training().positives()).isEqualTo(50);
        assertThat(model.training().trainTop1()).isEqualTo(1.0);
        assertThat(model.weights()[SentenceRanker.FEATURES.indexOf("when_x_year")]).isPositive();
    }

    @Test
    void shouldTrainTheSameModelFromTheSameExamples() {
        List<SentenceRanker.Example> train = new ArrayList<>();
        Random random = new Random(5);
        for (int i = 0; i < 10; i++) {
            train.add(example(random, i));
        }

        assertThat(SentenceRanker.train(train).weights()).containsExactly(SentenceRanker.train(train).weights());
    }

    @Test
    void shouldLeaveOutQuestionsWithoutAnAnswerSentence() {
        Located only = new Located("Nothing here answers anything at all.", 1, 0.5, 0, 1);
        SentenceRanker.Example unanswerable = new SentenceRanker.Example("What is it?", List.of(only), List.of(false));

        SentenceRanker.Training training = SentenceRanker.train(List.of(unanswerable, example(new Random(2), 1))).training();

        assertThat(training.questions()).isEqualTo(1);
        assertThat(training.skipped()).isEqualTo(1);
    }
}
