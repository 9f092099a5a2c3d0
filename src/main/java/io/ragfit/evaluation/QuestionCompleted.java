package io.ragfit.evaluation;

import java.util.List;

import io.ragfit.generation.GeneratedAnswer;

/** A question this instance completed: its run, its answers and its scores as stored. Fired once per question. */
public record QuestionCompleted(Run run, List<GeneratedAnswer> answers, List<ScoreRecord> scores) {
}
