package io.ragfit.pipeline;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.evaluation.AnswerEvent;
import io.ragfit.evaluation.QuestionRecord;
import io.ragfit.evaluation.ScoreEvent;
import io.ragfit.evaluation.ScoreRecord;
import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.judge.ReferenceMetrics;
import io.ragfit.results.ResultQueries.QuestionResults;

/**
 * A question and what it has so far: its state, each variant's answer (whole), every score, and for each answer
 * which metrics were computed and why any reference metric was not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuestionResult(UUID runId, String questionId, String question, String state, String error,
        Instant receivedAt, Instant completedAt, List<AnswerEvent> answers, List<ScoreEvent> scores,
        List<AnswerMetrics> metrics) {

    /**
     * @param computed the metrics scored (G-Eval criteria and reference metrics)
     * @param notComputed for each metric without a score, why: the reference metrics that do not apply, and the
     *        criteria the judge gave no readable score for
     */
    public record AnswerMetrics(String variant, List<String> computed, Map<String, String> notComputed) {
    }

    static QuestionResult of(QuestionResults results) {
        QuestionRecord question = results.question();
        UUID runId = question.key().runId();
        String id = question.key().questionId();
        List<GeneratedAnswer> answers = results.answers();
        Set<String> builtin = ScoreEvent.builtinVariants(answers);
        return new QuestionResult(runId, id, question.text(), question.state().name(), question.error(),
                question.receivedAt(), question.completedAt(),
                answers.stream()
                        .map(answer -> AnswerEvent.of(runId, id, answer))
                        .sorted(Comparator.comparing(AnswerEvent::variant))
                        .toList(),
                results.scores().stream()
                        .map(score -> ScoreEvent.of(score, builtin))
                        .sorted(Comparator.comparing(ScoreEvent::variant).thenComparing(ScoreEvent::metric))
                        .toList(),
                answers.stream()
                        .sorted(Comparator.comparing(GeneratedAnswer::variant))
                        .map(answer -> metrics(question, answer, results.scores()))
                        .toList());
    }

    private static AnswerMetrics metrics(QuestionRecord question, GeneratedAnswer answer, List<ScoreRecord> scores) {
        if (answer.status() != GeneratedAnswer.Status.ANSWERED) {
            return new AnswerMetrics(answer.variant(), List.of(), Map.of("every metric", "no answer to score ("
                    + answer.status() + (answer.error() == null ? "" : ": " + answer.error()) + ")"));
        }
        List<ScoreRecord> own = scores.stream().filter(score -> score.variant.equals(answer.variant())).toList();
        Map<String, String> notComputed = new TreeMap<>(ReferenceMetrics.coverage(question.references(),
                question.questionType(), answer.builtin()).notApplicable());
        own.stream().filter(score -> score.value == null)
                .forEach(score -> notComputed.put(score.metric, score.error == null ? "no readable score" : score.error));
        return new AnswerMetrics(answer.variant(),
                own.stream().filter(score -> score.value != null).map(score -> score.metric).sorted().toList(),
                notComputed);
    }
}
