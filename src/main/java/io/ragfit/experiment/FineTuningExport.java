package io.ragfit.experiment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.corpus.CorpusService;
import io.ragfit.corpus.Question;
import io.ragfit.experiment.ExperimentSpec.GridPoint;
import io.ragfit.generation.Prompt;
import io.ragfit.generation.PromptBuilder;
import io.ragfit.generation.PromptConfig;
import io.ragfit.openai.ChatMessage;
import io.ragfit.retrieval.RetrievedChunk;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * An experiment's fine-tuning sets, for teams that train elsewhere: per train split a TRL conversational
 * JSONL file whose user turns are the very prompts evaluation sends (retrieved context included, unless the
 * experiment says otherwise), and per split and grid point a TRL config, an Axolotl config and a Kubernetes
 * Job; with the splits, the leakage report and the evaluation set. As a zip, or written to a folder.
 */
@ApplicationScoped
public class FineTuningExport {

    private final CorpusService corpora;
    private final TrainingContexts contexts;
    private final PromptBuilder prompts;
    private final PromptConfig promptConfig;
    private final ExperimentConfig config;

    FineTuningExport(CorpusService corpora, TrainingContexts contexts, PromptConfig promptConfig, ExperimentConfig config) {
        this.corpora = corpora;
        this.contexts = contexts;
        this.prompts = PromptBuilder.from(promptConfig);
        this.promptConfig = promptConfig;
        this.config = config;
    }

    public Uni<byte[]> zip(Experiment experiment) {
        return files(experiment).emitOn(Infrastructure.getDefaultWorkerPool()).map(files -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, String> file : files.entrySet()) {
                    zip.putNextEntry(new ZipEntry(experiment.name + "/" + file.getKey()));
                    zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        });
    }

    /** Writes the files under {@code <export root>/<directory>/<experiment>}; returns that folder. */
    public Uni<Path> write(Experiment experiment, String directory) {
        Path root = Path.of(config.exportRoot()).toAbsolutePath().normalize();
        Path target = root.resolve(directory == null ? "" : directory).normalize().resolve(experiment.name);
        if (!target.startsWith(root)) {
            throw InvalidExperimentException.invalid("directory '" + directory + "' is outside the export root ("
                    + "ragfit.experiment.export-root)");
        }
        return files(experiment)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(files -> {
                    try {
                        for (Map.Entry<String, String> file : files.entrySet()) {
                            Path path = target.resolve(file.getKey());
                            refuseLinks(root, path);
                            Files.createDirectories(path.getParent());
                            Files.writeString(path, file.getValue(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                    StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not write the fine-tuning set under " + target, e);
                    }
                    return target;
                });
    }

    /** Refuses a path under the export root that passes through a symbolic link: it could lead anywhere. */
    private static void refuseLinks(Path root, Path path) {
        Path walked = root;
        for (Path part : root.relativize(path)) {
            walked = walked.resolve(part);
            if (Files.isSymbolicLink(walked)) {
                throw InvalidExperimentException.invalid("the export folder passes through a symbolic link; exports are"
                        + " written only to real folders under the export root (ragfit.experiment.export-root)");
            }
        }
    }

    /** Every file, by its path in the archive, in a stable order. */
    Uni<Map<String, String>> files(Experiment experiment) {
        ExperimentSpec spec = experiment.spec;
        return corpora.questions(spec.corpus()).chain(questions -> {
            Map<String, Question> byId = questions.stream().collect(Collectors.toMap(Question::id, Function.identity()));
            Set<String> trained = new HashSet<>();
            experiment.splits.train().values().forEach(trained::addAll);
            Uni<Map<String, List<RetrievedChunk>>> retrieved = spec.fineTuning().includeContext()
                    ? contexts.retrieve(spec, trained.stream().sorted().map(byId::get).toList())
                    : Uni.createFrom().item(Map.of());
            return retrieved.map(chunks -> render(experiment, byId, chunks));
        });
    }

    private Map<String, String> render(Experiment experiment, Map<String, Question> byId,
            Map<String, List<RetrievedChunk>> chunks) {
        ExperimentSpec spec = experiment.spec;
        Map<String, String> files = new LinkedHashMap<>();
        Map<Integer, Integer> written = new LinkedHashMap<>();
        Map<Integer, Integer> skipped = new LinkedHashMap<>();
        experiment.splits.train().forEach((size, ids) -> {
            StringBuilder lines = new StringBuilder();
            int count = 0;
            for (String id : ids) {
                Question question = byId.get(id);
                var target = FineTuningFiles.target(question);
                if (target.isEmpty()) {
                    continue;
                }
                lines.append(FineTuningFiles.trainingLine(prompt(spec, question, chunks.get(id)), target.get())).append('\n');
                count++;
            }
            written.put(size, count);
            skipped.put(size, ids.size() - count);
            files.put(FineTuningFiles.trainingDirectory(size) + "/train.jsonl", lines.toString());
        });
        for (int size : spec.trainSizes()) {
            for (GridPoint point : spec.fineTuning().grid()) {
                String directory = FineTuningFiles.jobDirectory(size, point);
                files.put(directory + "/trl.yaml", FineTuningFiles.trlConfig(spec, size, point));
                files.put(directory + "/axolotl.yaml", FineTuningFiles.axolotlConfig(spec, size, point));
                files.put(directory + "/job.yaml", FineTuningFiles.job(spec, size, point));
            }
        }
        StringBuilder evaluation = new StringBuilder();
        for (String id : experiment.splits.evaluation()) {
            Question question = byId.get(id);
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("id", id);
            record.put("question", question.text());
            record.put("type", question.type());
            record.put("references", question.answers());
            evaluation.append(FineTuningFiles.jsonLine(record)).append('\n');
        }
        files.put("evaluation.jsonl", evaluation.toString());
        files.put("splits.json", FineTuningFiles.json(experiment.splits));
        files.put("leakage.json", FineTuningFiles.json(experiment.leakage));
        files.put("experiment.yaml", FineTuningFiles.yaml(spec));
        files.put("README.md", FineTuningFiles.readme(spec, written, skipped, experiment.splits.evaluation().size()));
        return files;
    }

    private List<ChatMessage> prompt(ExperimentSpec spec, Question question, List<RetrievedChunk> chunks) {
        String system = spec.fineTuning().systemPrompt() != null ? spec.fineTuning().systemPrompt() : promptConfig.system();
        if (!spec.fineTuning().includeContext()) {
            return List.of(new ChatMessage("system", system), new ChatMessage("user", "Question: " + question.text() + "\nAnswer:"));
        }
        Prompt prompt = prompts.build(question.text(), chunks);
        return prompt.messages().stream()
                .map(message -> message.role().equals("system") ? new ChatMessage("system", system) : message)
                .toList();
    }
}
