package io.ragfit.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.ragfit.corpus.Question;
import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.testing.ShippedDatasets;

class SplitsTests {

    private static final List<Integer> PAPER_SIZES = List.of(200, 500, 1000);
    private static final List<Question> NQ = ShippedDatasets.questions(DatasetFormat.NQ_OPEN_ORACLE, "nq-open-oracle-sample.jsonl");

    private static Question question(String id, String text) {
        return new Question(id, text, QuestionType.OPEN, List.of(ReferenceAnswer.of(ReferenceAnswer.Kind.EXACT, "answer " + id)),
                List.of(), Map.of());
    }

    @Test
    void shouldGiveIdenticalSplitsForTheSameSeedAndDifferentOnesForAnother() {
        Splits first = Splits.plan(NQ, 42, PAPER_SIZES, true, null);
        Splits again = Splits.plan(List.copyOf(NQ).reversed(), 42, PAPER_SIZES, true, null);
        Splits other = Splits.plan(NQ, 7, PAPER_SIZES, true, null);

        assertThat(again).isEqualTo(first);
        assertThat(other.evaluation()).isNotEqualTo(first.evaluation());
        assertThat(other.train().get(200)).isNotEqualTo(first.train().get(200));
    }

    @Test
    void shouldNestTheTrainSetsAndKeepTheEvaluationSetApart() {
        Splits splits = Splits.plan(NQ, 42, PAPER_SIZES, true, null);

        assertThat(splits.train().get(200)).hasSize(200);
        assertThat(splits.train().get(500)).hasSize(500).containsAll(splits.train().get(200));
        assertThat(splits.train().get(1000)).hasSize(1000).containsAll(splits.train().get(500));
        assertThat(splits.evaluation()).hasSize(NQ.size() - 1000).doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(splits.train().get(1000));
    }

    @Test
    void shouldDrawIndependentTrainSetsWhenAskedStillApartFromEvaluation() {
        Splits splits = Splits.plan(NQ, 42, List.of(200, 500), false, 300);

        assertThat(splits.train().get(500)).doesNotContainAnyElementsOf(splits.evaluation());
        assertThat(splits.train().get(200)).doesNotContainAnyElementsOf(splits.evaluation());
        assertThat(splits.train().get(500).containsAll(splits.train().get(200))).as("the 200 drawn within the 500").isFalse();
        assertThat(splits.evaluation()).hasSize(300);
    }

    @Test
    void shouldKeepQuestionsThatDifferOnlyInCaseOrPunctuationOnTheSameSide() {
        List<Question> questions = IntStream.range(0, 40).mapToObj(i -> question("q" + i, "question number " + i)).toList();
        List<Question> withTwins = new java.util.ArrayList<>(questions);
        IntStream.range(0, 40).forEach(i -> withTwins.add(question("twin" + i, "Question number " + i + "?")));

        Splits splits = Splits.plan(withTwins, 3, List.of(20), true, 20);

        Set<String> evaluation = new HashSet<>(splits.evaluation());
        IntStream.range(0, 40).forEach(i -> assertThat(evaluation.contains("q" + i)).isEqualTo(evaluation.contains("twin" + i)));
        assertThat(Leakage.check(withTwins, splits).clean()).isTrue();
    }

    @Test
    void shouldRefuseSizesTheCorpusCannotHold() {
        assertThatThrownBy(() -> Splits.plan(NQ, 42, List.of(200, 1200), true, null))
                .isInstanceOf(InvalidExperimentException.class)
                .hasMessageContaining("corpus has 1200 questions: not enough for a train set of 1200");
    }
}
