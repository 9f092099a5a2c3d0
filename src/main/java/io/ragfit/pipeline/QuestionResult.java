package io.ragfit.pipeline;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.evaluation.AnswerEvent;
import io.ragfit.evaluation.QuestionRecord;
import io.ragfit.evaluation.ScoreEvent;
import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.results.ResultQueries.QuestionResults;

/** A question and what it has so far: its state, each variant's answer (whole), every score. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuestionResult(UUID runId, String questionId, String question, String state, String error,
        Instant receivedAt, Instant completedAt, List<AnswerEvent> answers, List<ScoreEvent> scores) {

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
                        .toList());
    }
}
