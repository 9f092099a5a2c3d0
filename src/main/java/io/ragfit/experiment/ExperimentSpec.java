package io.ragfit.experiment;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.judge.JudgeConfig;

/**
 * An experiment as a team defines it (JSON or YAML). What it leaves out takes the defaults below; the
 * experiment stores the definition with every default filled in, so it can be reproduced.
 *
 * @param corpus the corpus whose questions are split (its retrieval serves every variant)
 * @param seed seeds the splits; default 42
 * @param trainSizes questions per train split; default 200, 500, 1000 (the paper's)
 * @param nested train splits inside one another (200 within 500 within 1000); default true
 * @param evaluationSize questions evaluated; default: every question in no train split
 * @param baseVariant default the built-in reader
 * @param variants more variants evaluated beside the base (fine-tuned models, once registered)
 * @param builtinTuned train a built-in tuned reader on each train split and evaluate it; default true when the
 *            base is the built-in reader
 * @param judge the judge; default the service's
 * @param retrievalK chunks per question; default 5 (the paper's)
 * @param chunkSize checked against the corpus's; default: whatever the corpus has
 * @param fineTuning what the exported fine-tuning jobs train
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentSpec(String name, String corpus, Long seed, List<Integer> trainSizes, Boolean nested,
        Integer evaluationSize, String baseVariant, List<String> variants, Boolean builtinTuned, Judge judge,
        Integer retrievalK, Integer chunkSize, FineTuning fineTuning) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Judge(String variant, JudgeConfig.Mode mode, List<String> criteria) {
    }

    /**
     * @param baseModel the model the jobs fine-tune (a Hugging Face id or a path)
     * @param includeContext the user turn holds the retrieved context, as in the paper; default true
     * @param systemPrompt default the service's prompt
     * @param grid the configurations to train, each on every train split
     * @param image a container image with TRL installed, for the Kubernetes Jobs
     * @param volumeClaim the PersistentVolumeClaim the archive is unpacked on, mounted at {@code /data}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FineTuning(String baseModel, Boolean includeContext, String systemPrompt, List<GridPoint> grid,
            String image, String volumeClaim) {
    }

    /** One fine-tuning configuration, as the paper varied them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GridPoint(String name, String method, Integer epochs, Integer effectiveBatchSize,
            Integer perDeviceBatchSize, Integer loraRank, Integer loraAlpha, Double learningRate) {
    }
}
