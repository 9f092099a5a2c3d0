package io.ragfit.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ragfit.corpus.Question;
import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.testing.ShippedDatasets;

class LeakageTests {

    private static Question question(String id, String text, String answer) {
        return new Question(id, text, QuestionType.OPEN, List.of(ReferenceAnswer.of(ReferenceAnswer.Kind.EXACT, answer)), List.of(),
                Map.of());
    }

    @Test
    void shouldFindNoLeakageInTheShippedSamplesWithThePaperSizes() {
        List<Question> nq = ShippedDatasets.questions(DatasetFormat.NQ_OPEN_ORACLE, "nq-open-oracle-sample.jsonl");
        List<Question> qasper = ShippedDatasets.questions(DatasetFormat.QASPER_HF, "qasper-hf-layout-sample.jsonl");

        Leakage nqLeakage = Leakage.check(nq, Splits.plan(nq, 42, List.of(200, 500, 1000), true, null));
        Leakage qasperLeakage = Leakage.check(qasper, Splits.plan(qasper, 42, List.of(5, 10, 20), true, null));

        assertThat(nqLeakage.clean()).as("%s", nqLeakage.leaks()).isTrue();
        assertThat(nqLeakage.checked()).isEqualTo(200);
        assertThat(qasperLeakage.clean()).isTrue();
        assertThat(qasperLeakage.checked()).isEqualTo(qasper.size() - 20);
    }

    @Test
    void shouldReportARewordedQuestionWithTheSameAnswerAcrossSets() {
        List<Question> questions = List.of(
                question("train-1", "who wrote the novel war and peace", "Leo Tolstoy"),
                question("eval-1", "Who wrote the novel War and Peace in 1869?", "Leo Tolstoy"),
                question("eval-2", "when did the first moon landing happen", "1969"));
        Splits splits = new Splits(Map.of(1, List.of("train-1")), List.of("eval-1", "eval-2"));

        Leakage leakage = Leakage.check(questions, splits);

        assertThat(leakage.clean()).isFalse();
        assertThat(leakage.leakCount()).isEqualTo(1);
        assertThat(leakage.leaks()).singleElement().satisfies(leak -> {
            assertThat(leak.evaluationQuestion()).isEqualTo("eval-1");
            assertThat(leak.trainQuestion()).isEqualTo("train-1");
            assertThat(leak.trainSize()).isEqualTo(1);
            assertThat(leak.reason()).contains("same reference answers");
        });
    }

    @Test
    void shouldReportTheSameQuestionTextAcrossSets() {
        List<Question> questions = List.of(question("a", "What is RAG?", "x"), question("b", "what is rag", "y"));

        Leakage leakage = Leakage.check(questions, new Splits(Map.of(1, List.of("a")), List.of("b")));

        assertThat(leakage.leaks()).singleElement().extracting(Leakage.Leak::reason).isEqualTo("same question text");
    }
}
