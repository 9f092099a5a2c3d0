package io.ragfit.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.generation.SentenceRanker;
import io.ragfit.pipeline.BatchProgress;

/**
 * An experiment as the API shows it.
 *
 * @param trainSizes questions in each train split
 * @param variants the variants its run evaluates, the base first
 * @param training how each built-in tuned reader was trained
 * @param progress the evaluation's progress, once it runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentView(UUID id, String name, Experiment.Status status, String detail, ExperimentSpec spec,
        Map<Integer, Integer> trainSizes, int evaluationSize, Leakage leakage, List<String> variants,
        Map<String, SentenceRanker.Training> training, UUID runId, UUID batchId, BatchProgress progress,
        Instant createdAt, Instant updatedAt) {

    static ExperimentView of(Experiment experiment, Map<String, SentenceRanker.Training> training, BatchProgress progress) {
        Map<Integer, Integer> sizes = new TreeMap<>();
        experiment.splits.train().forEach((size, ids) -> sizes.put(size, ids.size()));
        return new ExperimentView(experiment.id, experiment.name, experiment.status, experiment.detail, experiment.spec,
                sizes, experiment.splits.evaluation().size(), experiment.leakage, ExperimentSpecs.variants(experiment.spec),
                training.isEmpty() ? null : training, experiment.runId, experiment.batchId, progress, experiment.createdAt,
                experiment.updatedAt);
    }

    boolean ended() {
        return status == Experiment.Status.COMPLETED || status == Experiment.Status.STOPPED
                || status == Experiment.Status.FAILED || status == Experiment.Status.CREATED;
    }
}
