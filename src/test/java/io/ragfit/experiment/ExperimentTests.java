package io.ragfit.experiment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.TestCorpora;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Experiments over the real stack: split, trained, evaluated through the pipeline, stopped, resumed, exported. */
@QuarkusTest
class ExperimentTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The Qasper sample split 5 / 10 / 20 (nested), the 13 other questions evaluated. */
    private static String createQasperExperiment(String name) {
        String yaml = """
                name: %s
                corpus: %s
                seed: 7
                trainSizes: [5, 10, 20]
                fineTuning:
                  baseModel: mistralai/Mistral-7B-Instruct-v0.2
                  grid:
                    - {method: lora, epochs: 3, effectiveBatchSize: 16, perDeviceBatchSize: 4, loraRank: 16, loraAlpha: 32}
                    - {method: qlora, epochs: 1, effectiveBatchSize: 8, perDeviceBatchSize: 8, loraRank: 8}
                """.formatted(name, TestCorpora.qasper());
        return given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .post("/experiments").then().statusCode(201)
                .extract().path("id");
    }

    private static JsonPath experiment(String id) {
        return given().get("/experiments/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofMinutes(2)).until(() -> experiment(id).getString("status").equals(status));
    }

    @Test
    void shouldTrainTheBuiltinTunedReadersAndEvaluateEveryVariantOnTheHeldOutSet() {
        String name = name("qasper");
        String id = createQasperExperiment(name);
        JsonPath created = experiment(id);
        assertThat(created.getString("status")).isEqualTo("CREATED");
        assertThat(created.getMap("trainSizes")).containsEntry("5", 5).containsEntry("10", 10).containsEntry("20", 20);
        assertThat(created.getInt("evaluationSize")).isEqualTo(13);
        assertThat(created.getBoolean("leakage.clean")).isTrue();
        assertThat(created.getList("variants")).containsExactly("builtin-reader", name + "-tuned-5", name + "-tuned-10",
                name + "-tuned-20");

        given().post("/experiments/{id}/run", id).then().statusCode(202);
        awaitStatus(id, "COMPLETED");

        JsonPath done = experiment(id);
        assertThat(done.getInt("progress.counts.completed")).isEqualTo(13);
        assertThat(done.getInt("training." + name + "-tuned-20.questions")).isPositive();
        JsonPath summary = given().get("/experiments/{id}/summary", id).then().statusCode(200).extract().jsonPath();
        assertThat(summary.getList("rows.variant")).containsExactly("builtin-reader", name + "-tuned-5", name + "-tuned-10",
                name + "-tuned-20");
        assertThat(summary.getList("rows.answered", Integer.class)).containsOnly(13);
        assertThat(summary.getList("rows.builtin")).containsOnly(true);
        assertThat(summary.getList("rows.trainSize")).containsExactly(null, 5, 10, 20);
        assertThat(summary.getInt("rows[1].metrics.token_f1.n")).isEqualTo(13);
        assertThat(summary.getString("note")).contains("not LLMs").contains("reference metrics only");
        given().get("/variants/{name}", name + "-tuned-10").then().statusCode(200)
                .body("kind", org.hamcrest.Matchers.equalTo("builtin-tuned"))
                .body("builtin", org.hamcrest.Matchers.equalTo(true))
                .body("fineTuning.trainSize", org.hamcrest.Matchers.equalTo(10));
        // what has completed cannot be stopped
        given().delete("/experiments/{id}/run", id).then().statusCode(409)
                .body("error", org.hamcrest.Matchers.containsString("has completed"));
        assertThat(experiment(id).getString("status")).isEqualTo("COMPLETED");
    }

    @Test
    void shouldResumeAStoppedRunWithoutRedoingWhatIsComplete() {
        String id = createQasperExperiment(name("resume"));
        given().post("/experiments/{id}/run", id).then().statusCode(202);
        await().atMost(Duration.ofMinutes(2)).until(() -> experiment(id).get("progress.counts.completed") != null
                && experiment(id).getInt("progress.counts.completed") >= 1);

        given().delete("/experiments/{id}/run", id).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("STOPPED"));
        String runId = experiment(id).getString("runId");
        Map<String, String> completedBeforeResume = given().queryParam("limit", 1000).get("/runs/{run}/results", runId)
                .then().statusCode(200).extract().jsonPath()
                .getMap("findAll { it.state == 'COMPLETED' }.collectEntries { [it.questionId, it.completedAt] }");
        given().post("/experiments/{id}/run", id).then().statusCode(202);
        awaitStatus(id, "COMPLETED");

        JsonPath results = given().queryParam("limit", 1000).get("/runs/{run}/results", runId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(completedBeforeResume).isNotEmpty();
        completedBeforeResume.forEach((question, completedAt) -> assertThat(
                results.getString("find { it.questionId == '" + question + "' }.completedAt"))
                .as("%s, complete before the resume, is not done again", question).isEqualTo(completedAt));
        assertThat(results.getList("questionId")).hasSize(13).doesNotHaveDuplicates();
        assertThat(results.getList("state")).containsOnly("COMPLETED");
        List<List<Object>> answers = results.getList("answers");
        assertThat(answers).allSatisfy(perQuestion -> assertThat(perQuestion).hasSize(4));

        given().contentType(ContentType.JSON).queryParam("run", runId)
                .body("[{\"id\": \"intruder\", \"question\": \"How long does a refund take?\"}]")
                .post("/batches").then().statusCode(409)
                .body("error", containsString("takes only the experiment's own questions"));
        assertThat(given().queryParam("limit", 1000).get("/runs/{run}/results", runId).jsonPath().getList("questionId"))
                .as("an experiment's evaluation keeps its own questions only").hasSize(13);
    }

    @Test
    void shouldExportFineTuningSetsAsTrlJsonlAndValidYaml() throws IOException {
        String name = name("export");
        String id = createQasperExperiment(name);

        byte[] zip = given().get("/experiments/{id}/fine-tuning", id).then().statusCode(200)
                .header("Content-Disposition", containsString(name + "-fine-tuning.zip"))
                .extract().asByteArray();

        Map<String, String> files = unzip(zip);
        JsonNode splits = JSON.readTree(files.get(name + "/splits.json"));
        assertThat(files).containsKeys(name + "/data/train-5/train.jsonl", name + "/data/train-20/train.jsonl",
                name + "/evaluation.jsonl", name + "/leakage.json", name + "/README.md", name + "/experiment.yaml",
                name + "/jobs/20-lora-e3-b16-r16-a32/trl.yaml", name + "/jobs/5-qlora-e1-b8-r8-a16/axolotl.yaml");
        List<String> lines = files.get(name + "/data/train-20/train.jsonl").lines().toList();
        assertThat(lines).hasSizeBetween(15, 20);
        for (String line : lines) {
            JsonNode record = JSON.readTree(line);
            assertThat(record.fieldNames()).toIterable().containsExactly("messages");
            assertThat(record.path("messages").findValuesAsText("role")).containsExactly("system", "user", "assistant");
            assertThat(record.path("messages").get(1).path("content").asText()).startsWith("Context:").contains("Question:");
            assertThat(record.path("messages").get(2).path("content").asText()).isNotBlank();
        }
        JsonNode trl = YAML.readTree(files.get(name + "/jobs/20-lora-e3-b16-r16-a32/trl.yaml"));
        assertThat(trl.path("model_name_or_path").asText()).isEqualTo("mistralai/Mistral-7B-Instruct-v0.2");
        assertThat(trl.path("dataset_name").asText()).isEqualTo("/data/" + name + "/data/train-20");
        assertThat(trl.path("gradient_accumulation_steps").asInt()).isEqualTo(4);
        assertThat(trl.path("lora_r").asInt()).isEqualTo(16);
        JsonNode axolotl = YAML.readTree(files.get(name + "/jobs/5-qlora-e1-b8-r8-a16/axolotl.yaml"));
        assertThat(axolotl.path("adapter").asText()).isEqualTo("qlora");
        assertThat(axolotl.path("load_in_4bit").asBoolean()).isTrue();
        assertThat(axolotl.path("lora_alpha").asInt()).isEqualTo(16);
        assertThat(axolotl.path("datasets").get(0).path("type").asText()).isEqualTo("chat_template");
        JsonNode job = YAML.readTree(files.get(name + "/jobs/10-lora-e3-b16-r16-a32/job.yaml"));
        assertThat(job.path("apiVersion").asText()).isEqualTo("batch/v1");
        assertThat(job.path("kind").asText()).isEqualTo("Job");
        assertThat(job.path("metadata").path("name").asText()).matches("[a-z0-9-]{1,63}");
        assertThat(job.path("spec").path("template").path("spec").path("containers").get(0).path("command").toString())
                .contains("trl", "sft", "/data/" + name + "/jobs/10-lora-e3-b16-r16-a32/trl.yaml");
        assertThat(splits.path("train").path("5")).hasSize(5);
        assertThat(files.get(name + "/evaluation.jsonl").lines()).hasSize(13);

        String written = given().contentType(ContentType.JSON).body(Map.of("directory", "team-a"))
                .post("/experiments/{id}/fine-tuning", id).then().statusCode(200).extract().path("directory");
        assertThat(Path.of(written)).isEqualTo(Path.of("target/exports/team-a", name).toAbsolutePath());
        assertThat(Files.readString(Path.of(written, "data/train-5/train.jsonl")))
                .isEqualTo(files.get(name + "/data/train-5/train.jsonl"));
        given().contentType(ContentType.JSON).body(Map.of("directory", "../../elsewhere"))
                .post("/experiments/{id}/fine-tuning", id).then().statusCode(400)
                .body("error", containsString("outside the export root"));

        Path outside = Files.createTempDirectory("ragfit-outside-exports");
        Path link = Path.of("target/exports/linked");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, outside);
        try {
            given().contentType(ContentType.JSON).body(Map.of("directory", "linked"))
                    .post("/experiments/{id}/fine-tuning", id).then().statusCode(400)
                    .body("error", containsString("symbolic link"));
            try (var throughTheLink = Files.list(outside)) {
                assertThat(throughTheLink).as("nothing written through the link").isEmpty();
            }
        } finally {
            Files.delete(link);
            Files.delete(outside);
        }
    }

    @Test
    void shouldRefuseToRunWhenTheCorpusChangedIntoALeakUnlessForced() {
        String corpus = "leaky-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder ndjson = new StringBuilder("{\"id\": \"doc\", \"title\": \"Facts\", \"text\": \"Some facts about"
                + " a dozen topics, one sentence each, none of them long enough to matter here.\"}\n");
        for (int i = 0; i < 12; i++) {
            ndjson.append("{\"id\": \"q").append(i).append("\", \"question\": \"What is fact number ").append(i)
                    .append(" about topic ").append((char) ('a' + i)).append("?\", \"answers\": [\"answer ").append(i).append("\"]}\n");
        }
        ingest(corpus, ndjson.toString());
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", name("leaky"), "corpus", corpus, "trainSizes", List.of(4), "evaluationSize", 4))
                .post("/experiments").then().statusCode(201).extract().path("id");
        JsonPath splits = given().get("/experiments/{id}/splits", id).then().statusCode(200).extract().jsonPath();
        String trainId = splits.getString("train.'4'[0]");
        String evaluationId = splits.getString("evaluation[0]");
        int train = Integer.parseInt(trainId.substring(1));
        // the dataset is ingested again with the evaluation question now worded as a train question
        ingest(corpus, "{\"id\": \"" + evaluationId + "\", \"question\": \"What is fact number " + train + " about topic "
                + (char) ('a' + train) + "?\", \"answers\": [\"answer " + train + "\"]}\n");

        given().post("/experiments/{id}/run", id).then().statusCode(409)
                .body("error", containsString("1 evaluation questions were found in train sets"));
        assertThat(experiment(id).getList("leakage.leaks.evaluationQuestion")).containsExactly(evaluationId);
        given().queryParam("force", true).post("/experiments/{id}/run", id).then().statusCode(202);
    }

    @Test
    void shouldExplainWhatIsWrongWithADefinition() {
        given().contentType("application/yaml").body("name: x\ncorpus: nope\ntrainSize: [5]\n".getBytes(StandardCharsets.UTF_8))
                .post("/experiments").then().statusCode(400).body("error", containsString("trainSize"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Bad Name", "corpus", "x"))
                .post("/experiments").then().statusCode(400).body("error", containsString("lowercase"));
        given().contentType(ContentType.JSON).body(Map.of("name", name("big"), "corpus", TestCorpora.qasper(),
                "trainSizes", List.of(200)))
                .post("/experiments").then().statusCode(400).body("error", containsString("not enough for a train set of 200"));
        given().contentType(ContentType.JSON).body(Map.of("name", name("nocorpus"), "corpus", "no-such-corpus"))
                .post("/experiments").then().statusCode(404);
        given().post("/experiments/{id}/run", "no-such-experiment").then().statusCode(404);
    }

    private static void ingest(String corpus, String ndjson) {
        given().contentType("application/x-ndjson").queryParam("format", "jsonl")
                .body(ndjson.getBytes(StandardCharsets.UTF_8))
                .post("/corpora/{id}/ingestions", corpus).then().statusCode(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> !given().get("/corpora/{id}/ingestion", corpus)
                .jsonPath().getString("status").equals("RUNNING"));
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
