package io.ragfit.results.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ragfit.evaluation.RunView;
import io.ragfit.generation.VariantView;

/**
 * What a run's report is computed from, as read from the database.
 *
 * @param variants the run's variants as the run froze them when it was created
 * @param experiment the experiment whose run it is, if any
 * @param states questions per state
 * @param modePairs G-Eval scores of this run's answers next to the other mode's scores of the same answer text
 */
public record ReportData(RunView run, Map<String, VariantView> variants, Experiment experiment, Map<String, Long> states,
        List<Score> scores, List<Sample> samples, List<ModePair> modePairs, List<String> promptHashes,
        List<JudgeUse> judges, Instant generatedAt) {

    public record Experiment(String name, long seed) {
    }

    /** One score of one answer; {@code kind} is GEVAL or REFERENCE. */
    public record Score(String dataset, String questionId, String variant, String metric, String kind, double value) {
    }

    /** One valid repeat of a G-Eval judgement. */
    public record Sample(String questionId, String variant, String criterion, double score) {
    }

    public record ModePair(String metric, double repeat, double logprobs) {
    }

    /** A judge model, mode and steps version the run's G-Eval scores came from. */
    public record JudgeUse(String model, String mode, String stepsVersion, long scores) {
    }
}
