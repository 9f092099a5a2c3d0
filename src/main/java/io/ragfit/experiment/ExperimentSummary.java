package io.ragfit.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.evaluation.ScoreRecord;
import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.generation.VariantService;
import io.ragfit.results.ResultQueries.AnswerCount;
import io.ragfit.results.ResultQueries.MetricMean;

/**
 * An experiment's results so far: per variant, the mean of each metric over the evaluation set.
 * Confidence intervals and significance tests come with the statistics.
 *
 * @param note what the figures are and are not (built-in readers, reference metrics only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentSummary(UUID experimentId, String experiment, String corpus, Experiment.Status status,
        int evaluationSize, String note, List<Row> rows) {

    /**
     * @param role base, built-in tuned, or the variant named by the experiment
     * @param trainSize the train split a tuned variant learnt from
     * @param builtin true for ragfit's built-in readers: not LLMs
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String variant, String role, Integer trainSize, boolean builtin, long answered, long failed,
            Map<String, Metric> metrics) {
    }

    /** @param n answers with a value for the metric */
    public record Metric(String kind, long n, double mean) {
    }

    static ExperimentSummary empty(Experiment experiment) {
        return new ExperimentSummary(experiment.id, experiment.name, experiment.spec.corpus(), experiment.status,
                experiment.splits.evaluation().size(), "not started", List.of());
    }

    static ExperimentSummary of(Experiment experiment, List<AnswerCount> answerCounts, List<MetricMean> scoreMeans) {
        ExperimentSpec spec = experiment.spec;
        Map<String, long[]> answers = new LinkedHashMap<>();
        for (AnswerCount count : answerCounts) {
            long[] counts = answers.computeIfAbsent(count.variant(), variant -> new long[2]);
            counts[count.status() == GeneratedAnswer.Status.ANSWERED ? 0 : 1] += count.count();
        }
        Map<String, Map<String, Metric>> metrics = new LinkedHashMap<>();
        boolean judged = false;
        for (MetricMean mean : scoreMeans) {
            judged |= mean.kind() == ScoreRecord.Kind.GEVAL;
            if (mean.n() > 0) {
                metrics.computeIfAbsent(mean.variant(), variant -> new TreeMap<>())
                        .put(mean.metric(), new Metric(mean.kind().name(), mean.n(), mean.mean()));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String variant : ExperimentSpecs.variants(spec)) {
            Integer trainSize = spec.trainSizes().stream()
                    .filter(size -> ExperimentSpecs.tunedVariant(spec, size).equals(variant))
                    .findFirst().orElse(null);
            boolean builtin = variant.equals(VariantService.BUILTIN_READER) || trainSize != null && spec.builtinTuned();
            String role = variant.equals(spec.baseVariant()) ? "base" : trainSize != null ? "built-in tuned" : "compared";
            long[] counts = answers.getOrDefault(variant, new long[2]);
            rows.add(new Row(variant, role, trainSize, builtin, counts[0], counts[1], metrics.getOrDefault(variant, Map.of())));
        }
        List<String> notes = new ArrayList<>();
        if (rows.stream().anyMatch(Row::builtin)) {
            notes.add("built-in readers (extractive, and tuned by a learned sentence ranker): not LLMs");
        }
        if (!judged) {
            notes.add("reference metrics only: no judge was configured, so no G-Eval scores");
        }
        return new ExperimentSummary(experiment.id, experiment.name, spec.corpus(), experiment.status,
                experiment.splits.evaluation().size(), notes.isEmpty() ? null : String.join("; ", notes), rows);
    }
}
