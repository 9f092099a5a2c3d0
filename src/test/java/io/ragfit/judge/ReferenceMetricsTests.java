package io.ragfit.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.ReferenceAnswer.Kind;
import io.ragfit.corpus.ReferenceKind;

class ReferenceMetricsTests {

    @Test
    void shouldNormaliseAsSquadDoes() {
        assertThat(ReferenceMetrics.normalize("The  Eiffel Tower, in Paris!")).isEqualTo("eiffel tower in paris");
    }

    @Test
    void shouldComputeExactMatchAndTokenF1AgainstTheBestReference() {
        List<ReferenceAnswer> references = List.of(ReferenceAnswer.of(Kind.EXACT, "Paris"),
                ReferenceAnswer.of(Kind.EXACT, "the city of Paris"));

        // tokens [paris, is, capital, of, france] vs [paris]: P = 1/5, R = 1, F1 = 1/3;
        // vs [city, of, paris]: common {paris, of} = 2, P = 2/5, R = 2/3, F1 = 0.5 (the best)
        ReferenceMetrics.Scores scores = ReferenceMetrics.score("Paris is the capital of France", references, QuestionType.OPEN, false);

        assertThat(scores.exactMatch()).isZero();
        assertThat(scores.tokenF1()).isCloseTo(0.5, within(1e-12));
        assertThat(ReferenceMetrics.score("the Paris.", references, QuestionType.OPEN, false).exactMatch()).isEqualTo(1);
    }

    @Test
    void shouldComputeRougeLFromTheLongestCommonSubsequence() {
        // [y, x, z] vs [x, y, z]: LCS 2, P = R = 2/3, F = 2/3; every token is shared, so token F1 is 1
        assertThat(ReferenceMetrics.rougeL("y x z", "x y z")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(ReferenceMetrics.tokenF1("y x z", "x y z")).isEqualTo(1);
        // [cat, sat, on, mat] vs [cat, sat, mat]: LCS 3, P = 3/4, R = 1, F = 6/7
        assertThat(ReferenceMetrics.rougeL("the cat sat on the mat", "a cat sat mat")).isCloseTo(6.0 / 7, within(1e-12));
    }

    @Test
    void shouldScoreBioAsqExactAnswersByTheirType() {
        List<ReferenceAnswer> yes = List.of(ReferenceAnswer.of(Kind.YES_NO, "yes"), ReferenceAnswer.of(Kind.IDEAL, "Yes, it is."));
        assertThat(ReferenceMetrics.score("Yes. Vitamin C is a cofactor.", yes, QuestionType.YES_NO, false).yesNoCorrect()).isEqualTo(1);
        assertThat(ReferenceMetrics.score("No, it is not.", yes, QuestionType.YES_NO, false).yesNoCorrect()).isZero();

        List<ReferenceAnswer> factoid = List.of(new ReferenceAnswer(Kind.EXACT, "pancreas", List.of("pancreatic gland"), List.of()));
        assertThat(ReferenceMetrics.score("It is made by the pancreatic gland.", factoid, QuestionType.FACTOID, false).factoidFound())
                .isEqualTo(1);

        List<ReferenceAnswer> vitamins = List.of(new ReferenceAnswer(Kind.EXACT, "vitamin A", List.of("retinol"), List.of()),
                ReferenceAnswer.of(Kind.EXACT, "vitamin D"), ReferenceAnswer.of(Kind.EXACT, "vitamin E"),
                ReferenceAnswer.of(Kind.EXACT, "vitamin K"));
        ReferenceMetrics.Scores list = ReferenceMetrics.score("Retinol and vitamin K dissolve in fat.", vitamins, QuestionType.LIST, false);
        assertThat(list.listRecall()).isEqualTo(0.5);
        assertThat(list.yesNoCorrect()).isNull();
    }

    @Test
    void shouldSayWhetherAnExactAnswerIsContainedWhateverTheQuestionType() {
        List<ReferenceAnswer> shortAnswers = List.of(ReferenceAnswer.of(Kind.EXACT, "Wilhelm Röntgen"),
                new ReferenceAnswer(Kind.EXACT, "W. C. Röntgen", List.of("Roentgen"), List.of()));
        List<ReferenceAnswer> ideal = List.of(ReferenceAnswer.of(Kind.IDEAL, "Röntgen won it in 1901."));

        assertThat(ReferenceMetrics.score("The first prize went to Wilhelm Röntgen in 1901.", shortAnswers, QuestionType.OPEN, false)
                .answerContained()).isEqualTo(1.0);
        assertThat(ReferenceMetrics.score("It went to Roentgen.", shortAnswers, QuestionType.OPEN, false).answerContained()).isEqualTo(1.0);
        assertThat(ReferenceMetrics.score("It went to Marie Curie.", shortAnswers, QuestionType.OPEN, false).answerContained()).isZero();
        assertThat(ReferenceMetrics.score("Röntgen", ideal, QuestionType.OPEN, false).answerContained()).isNull();
    }

    @Test
    void shouldCallYesNoNotApplicableToTheBuiltInReaderAndToReferencesWithoutYesOrNo() {
        List<ReferenceAnswer> yes = List.of(ReferenceAnswer.of(Kind.YES_NO, "yes"),
                ReferenceAnswer.of(Kind.IDEAL, "Yes, it is required."));
        List<ReferenceAnswer> ideal = List.of(ReferenceAnswer.of(Kind.IDEAL, "Yes, it is required."));

        ReferenceMetrics.Scores builtin = ReferenceMetrics.score("Ascorbic acid acts as a cofactor.", yes, QuestionType.YES_NO, true);
        ReferenceMetrics.Scores model = ReferenceMetrics.score("Yes.", ideal, QuestionType.YES_NO, false);

        assertThat(builtin.yesNoCorrect()).isNull();
        assertThat(model.yesNoCorrect()).isNull();
        assertThat(ReferenceMetrics.coverage(yes, QuestionType.YES_NO, true).notApplicable())
                .containsEntry("yes_no_correct", "the built-in reader answers with sentences of the context, never yes or no");
        assertThat(ReferenceMetrics.coverage(ideal, QuestionType.YES_NO, false).notApplicable())
                .containsEntry("yes_no_correct", "no yes or no among the references")
                .hasEntrySatisfying("answer_contained", reason -> assertThat(reason).contains("ideal answers", "referenceKind exact"));
        assertThat(ReferenceMetrics.coverage(yes, QuestionType.YES_NO, false).applicable()).contains("yes_no_correct");
    }

    @Test
    void shouldListEveryReferenceMetricAsNotComputedWithoutAReference() {
        ReferenceMetrics.Coverage none = ReferenceMetrics.coverage(List.of(), QuestionType.OPEN, false);

        assertThat(none.applicable()).isEmpty();
        assertThat(none.notApplicable()).containsOnlyKeys("exact_match", "token_f1", "rouge_l", "semantic_similarity",
                "answer_contained").containsValue("no reference answer");
    }

    @Test
    void shouldReadPlainTextReferencesByTheirLengthUnlessTheKindIsNamed() {
        assertThat(ReferenceKind.AUTO.read("Paris", QuestionType.OPEN).kind()).isEqualTo(Kind.EXACT);
        assertThat(ReferenceKind.AUTO.read("14 December 1972", QuestionType.OPEN).kind()).isEqualTo(Kind.EXACT);
        assertThat(ReferenceKind.AUTO.read("The capital of France has been Paris since 987.", QuestionType.OPEN).kind())
                .isEqualTo(Kind.IDEAL);
        assertThat(ReferenceKind.EXACT.read("The capital of France has been Paris since 987.", QuestionType.OPEN).kind())
                .isEqualTo(Kind.EXACT);
        assertThat(ReferenceKind.IDEAL.read("Paris", QuestionType.OPEN).kind()).isEqualTo(Kind.IDEAL);
        assertThat(ReferenceKind.IDEAL.read(" Yes ", QuestionType.YES_NO)).isEqualTo(ReferenceAnswer.of(Kind.YES_NO, "yes"));
    }
}
