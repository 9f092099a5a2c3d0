package io.ragfit.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.ragfit.corpus.Question;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.StableIds;
import io.ragfit.experiment.ExperimentSpec.GridPoint;
import io.ragfit.openai.ChatMessage;

/**
 * The files a fine-tuning job needs, as text: training records in TRL's conversational format, a TRL and
 * an Axolotl configuration per grid point and train size, and a Kubernetes Job that runs TRL. Paths are
 * those the archive has once unpacked at {@code /data} (see {@link #root}).
 */
public final class FineTuningFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final String MOUNT = "/data";

    private FineTuningFiles() {
    }

    /** Where the experiment's files are once its archive is unpacked on the volume. */
    public static String root(ExperimentSpec spec) {
        return MOUNT + "/" + spec.name();
    }

    /** The answer a fine-tuned model is taught: the ideal answer, else the first exact one, else yes or no. */
    public static Optional<String> target(Question question) {
        for (ReferenceAnswer.Kind kind : List.of(ReferenceAnswer.Kind.IDEAL, ReferenceAnswer.Kind.EXACT, ReferenceAnswer.Kind.YES_NO)) {
            Optional<String> found = question.answers().stream()
                    .filter(answer -> answer.kind() == kind && !answer.text().isBlank())
                    .map(ReferenceAnswer::text)
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** One line of the training file: {@code {"messages": [system, user, assistant]}}. */
    public static String trainingLine(List<ChatMessage> prompt, String answer) {
        List<Map<String, String>> messages = new ArrayList<>();
        prompt.forEach(message -> messages.add(message(message.role(), message.content())));
        messages.add(message("assistant", answer));
        try {
            return JSON.writeValueAsString(Map.of("messages", messages));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A directory of its own per train set, so that {@code datasets.load_dataset(dir)} finds the one file in it. */
    public static String trainingDirectory(int trainSize) {
        return "data/train-" + trainSize;
    }

    public static String jobDirectory(int trainSize, GridPoint point) {
        return "jobs/" + trainSize + "-" + point.name();
    }

    public static String trlConfig(ExperimentSpec spec, int trainSize, GridPoint point) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_name_or_path", spec.fineTuning().baseModel());
        config.put("dataset_name", root(spec) + "/" + trainingDirectory(trainSize));
        config.put("use_peft", true);
        config.put("lora_r", point.loraRank());
        config.put("lora_alpha", point.loraAlpha());
        config.put("lora_dropout", 0.05);
        config.put("lora_target_modules", "all-linear");
        if (point.method().equals("qlora")) {
            config.put("load_in_4bit", true);
        }
        config.put("num_train_epochs", point.epochs());
        config.put("per_device_train_batch_size", point.perDeviceBatchSize());
        config.put("gradient_accumulation_steps", point.effectiveBatchSize() / point.perDeviceBatchSize());
        config.put("learning_rate", point.learningRate());
        config.put("seed", spec.seed());
        config.put("output_dir", output(spec, trainSize, point));
        return yaml(config);
    }

    public static String axolotlConfig(ExperimentSpec spec, int trainSize, GridPoint point) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("base_model", spec.fineTuning().baseModel());
        config.put("adapter", point.method());
        if (point.method().equals("qlora")) {
            config.put("load_in_4bit", true);
        }
        config.put("lora_r", point.loraRank());
        config.put("lora_alpha", point.loraAlpha());
        config.put("lora_dropout", 0.05);
        config.put("lora_target_linear", true);
        config.put("datasets", List.of(Map.of(
                "path", root(spec) + "/" + trainingDirectory(trainSize) + "/train.jsonl",
                "ds_type", "json",
                "type", "chat_template",
                "field_messages", "messages")));
        config.put("sequence_len", 4096);
        config.put("micro_batch_size", point.perDeviceBatchSize());
        config.put("gradient_accumulation_steps", point.effectiveBatchSize() / point.perDeviceBatchSize());
        config.put("num_epochs", point.epochs());
        config.put("learning_rate", point.learningRate());
        config.put("seed", spec.seed());
        config.put("output_dir", output(spec, trainSize, point));
        return yaml(config);
    }

    /** A Job running TRL on one GPU with the TRL configuration, the archive unpacked on the volume at /data. */
    public static String job(ExperimentSpec spec, int trainSize, GridPoint point) {
        String trlConfig = root(spec) + "/" + jobDirectory(trainSize, point) + "/trl.yaml";
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "trl");
        container.put("image", spec.fineTuning().image());
        container.put("command", List.of("trl", "sft", "--config", trlConfig));
        container.put("resources", Map.of("limits", Map.of("nvidia.com/gpu", 1)));
        container.put("volumeMounts", List.of(Map.of("name", "data", "mountPath", MOUNT)));
        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("restartPolicy", "Never");
        pod.put("containers", List.of(container));
        pod.put("volumes", List.of(Map.of("name", "data",
                "persistentVolumeClaim", Map.of("claimName", spec.fineTuning().volumeClaim()))));
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/part-of", "ragfit");
        labels.put("ragfit.io/experiment", label(spec.name()));
        labels.put("ragfit.io/train-size", String.valueOf(trainSize));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        job.put("metadata", Map.of("name", jobName(spec, trainSize, point), "labels", labels));
        job.put("spec", Map.of("backoffLimit", 0, "template", Map.of("metadata", Map.of("labels", labels), "spec", pod)));
        return yaml(job);
    }

    /** A DNS-1123 name of at most 63 characters; a long one keeps its start and a hash of the whole. */
    static String jobName(ExperimentSpec spec, int trainSize, GridPoint point) {
        String name = label(("ft-" + spec.name() + "-" + trainSize + "-" + point.name()));
        if (name.length() <= 63) {
            return name;
        }
        return name.substring(0, 54).replaceAll("-+$", "") + "-" + StableIds.sha256(name).substring(0, 8);
    }

    private static String label(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    private static String output(ExperimentSpec spec, int trainSize, GridPoint point) {
        return root(spec) + "/out/" + trainSize + "-" + point.name();
    }

    private static Map<String, String> message(String role, String content) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    /** One line of a JSON Lines file. */
    static String jsonLine(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the archive holds and how to use it. */
    static String readme(ExperimentSpec spec, Map<Integer, Integer> written, Map<Integer, Integer> skipped, int evaluated) {
        StringBuilder text = new StringBuilder();
        text.append("# Fine-tuning sets of experiment ").append(spec.name()).append("\n\n")
                .append("Made by ragfit from corpus `").append(spec.corpus()).append("`, seed ").append(spec.seed())
                .append(spec.nested() ? ", nested" : ", independent").append(" train splits. The evaluation set (")
                .append(evaluated).append(" questions, `evaluation.jsonl`) shares no question with them (`leakage.json`).\n\n")
                .append("| train split | records | left out (no usable reference) |\n|---|---|---|\n");
        written.forEach((size, count) -> text.append("| ").append(size).append(" | ").append(count).append(" | ")
                .append(skipped.get(size)).append(" |\n"));
        text.append("\nRecords are TRL conversational JSONL (`{\"messages\": [system, user, assistant]}`); ")
                .append(spec.fineTuning().includeContext() ? "the user turn is the prompt evaluation sends, retrieved context included."
                        : "the user turn holds the question only.")
                .append("\n\nUnpack this folder on the volume `").append(spec.fineTuning().volumeClaim())
                .append("` so that it sits at `").append(root(spec)).append("`, then per train split and grid point:\n\n")
                .append("- `jobs/<size>-<grid point>/trl.yaml`: `trl sft --config trl.yaml`\n")
                .append("- `jobs/<size>-<grid point>/axolotl.yaml`: `axolotl train axolotl.yaml`\n")
                .append("- `jobs/<size>-<grid point>/job.yaml`: `kubectl apply -f job.yaml` (runs the TRL config on one GPU)\n\n")
                .append("Serve the adapters (e.g. `vllm serve ").append(spec.fineTuning().baseModel())
                .append(" --enable-lora --lora-modules <name>=<output_dir>`), register each as a fine-tuned variant, and name")
                .append(" them in the experiment's `variants` to evaluate them beside the base.\n");
        return text.toString();
    }

    static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
