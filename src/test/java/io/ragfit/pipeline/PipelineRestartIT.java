package io.ragfit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ragfit.devstack.ServiceProcess;
import io.ragfit.testing.KafkaTopics;
import io.ragfit.testing.KafkaTopics.Read;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.PackagedServices;
import io.ragfit.testing.ServiceClient;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The packaged service, SIGKILLed in the middle of a run and started again: every question must end with
 * exactly one set of results in the database, and every result must reach its topic; an experiment's run
 * resumes.
 */
class PipelineRestartIT {

    private static final int QUESTIONS = 40;
    private static final int MAX_IN_FLIGHT = 4;

    private static PackagedServices cluster;
    private static OpenAiDouble models;

    @BeforeAll
    static void startStack() {
        cluster = PackagedServices.start();
        models = cluster.models();
    }

    @BeforeEach
    void resetModels() {
        models.reset();
        models.latency(Duration.ofMillis(200)).tokenProbabilities(Map.of("3", 0.5, "4", 0.5));
    }

    @AfterEach
    void stopServices() {
        cluster.stopInstances();
    }

    @AfterAll
    static void stopStack() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ServiceProcess startService() {
        // a killed consumer's partitions move to the new one when its session expires: 10 s instead of 45 s
        return cluster.instance(List.of("-Dragfit.pipeline.max-in-flight=" + MAX_IN_FLIGHT,
                "-Dragfit.pipeline.retry-backoff=200ms", "-Dmp.messaging.incoming.questions.session.timeout.ms=10000"));
    }

    private static RequestSpecification at(ServiceProcess service) {
        return new ServiceClient(service).api();
    }

    private static JsonPath results(ServiceProcess service, String runId) {
        return new ServiceClient(service).results(runId);
    }

    private static int completed(ServiceProcess service, String runId) {
        return new ServiceClient(service).inState(runId, "COMPLETED");
    }

    @Test
    void shouldEndEveryQuestionWithExactlyOneSetOfResultsAfterAKill() {
        ServiceProcess first = startService();
        String runId = prepare(first);
        KafkaTopics kafka = cluster.kafka();
        for (int i = 0; i < QUESTIONS; i++) {
            kafka.send("ragfit.questions", "q" + i, new JsonObject().put("schemaVersion", 1).put("id", "q" + i)
                    .put("question", "How long does a refund take?").put("runId", runId)
                    .put("references", new JsonArray().add("Five working days.")).encode());
        }

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> completed(first, runId) >= QUESTIONS / 4);
        int beforeKill = completed(first, runId);
        first.kill();
        assertThat(beforeKill).as("questions completed shortly before the kill").isLessThan(QUESTIONS);

        ServiceProcess second = startService();
        await().atMost(Duration.ofMinutes(3)).until(() -> completed(second, runId) == QUESTIONS);

        JsonPath stored = results(second, runId);
        assertThat(stored.getList("questionId")).hasSize(QUESTIONS).doesNotHaveDuplicates();
        int storedScores = stored.getList("scores.flatten()").size();
        for (int i = 0; i < QUESTIONS; i++) {
            JsonPath question = stored.setRootPath("find { it.questionId == 'q" + i + "' }");
            assertThat(question.getList("answers.variant")).as("answers of q%d", i)
                    .containsExactlyInAnyOrder("builtin-reader", "restart-chat");
            assertThat(question.getList("scores.findAll { it.kind == 'GEVAL' }.variant")).as("G-Eval scores of q%d", i)
                    .hasSize(4);
            assertThat(question.getList("scores.findAll { it.kind == 'GEVAL' }.value")).containsOnly(3.5f);
        }
        UUID run = UUID.fromString(runId);
        Map<String, Long> answersOnTopic = kafka.ofRun("ragfit.answers", run).stream()
                .collect(Collectors.groupingBy(read -> read.key() + "/" + read.json().getString("variant"), Collectors.counting()));
        assertThat(answersOnTopic).as("every answer reached the topic").hasSize(QUESTIONS * 2);
        long repeated = answersOnTopic.values().stream().mapToLong(count -> count - 1).sum();
        assertThat(repeated).as("answers emitted again: only those of questions in flight at the kill")
                .isLessThanOrEqualTo(MAX_IN_FLIGHT * 2L);
        List<Read> scores = kafka.ofRun("ragfit.scores", run);
        assertThat(scores.stream().map(read -> read.key() + "/" + read.json().getString("variant") + "/"
                + read.json().getString("metric")).distinct().count())
                .isEqualTo(storedScores);
        long answeringCalls = models.chatRequests().stream()
                .filter(request -> request.body().getString("model").equals("restart-chat-model"))
                .count();
        assertThat(answeringCalls).as("questions answered again after the restart: at most those in flight")
                .isBetween((long) QUESTIONS, (long) QUESTIONS + MAX_IN_FLIGHT);
        System.out.printf("restart: killed with %d/%d questions completed; %d answers emitted twice; %d answer calls%n",
                beforeKill, QUESTIONS, repeated, answeringCalls);
    }

    @Test
    void shouldResumeAKilledExperimentRunWithoutRedoingWhatWasComplete() {
        ServiceProcess first = startService();
        at(first).body(Map.of("name", "resume-slow", "role", "base", "endpoint", models.baseUrl().toString(),
                "model", "resume-slow-model", "maxConcurrentRequests", 1)).post("/variants").then().statusCode(201);
        at(first).body(Map.of("format", "qasper-hf", "path", "qasper-hf-layout-sample.jsonl"))
                .post("/corpora/{id}/ingestions", "qasper").then().statusCode(202);
        await().atMost(Duration.ofMinutes(2)).until(() -> !at(first).get("/corpora/qasper/ingestion")
                .jsonPath().getString("status").equals("RUNNING"));
        // a model answering one call at a time, slowly, keeps the run going long enough to be killed in the middle
        models.latency(Duration.ofMillis(700));
        String id = at(first).body(Map.of("name", "killed", "corpus", "qasper", "trainSizes", List.of(5, 10, 20),
                "variants", List.of("resume-slow"))).post("/experiments").then().statusCode(201).extract().path("id");
        at(first).post("/experiments/{id}/run", id).then().statusCode(202);
        // more complete than can be in flight: a resume that redid them would ask the slow variant more than the bound below
        int enough = MAX_IN_FLIGHT + 2;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Integer completed = at(first).get("/experiments/{id}", id).jsonPath().get("progress.counts.completed");
            return completed != null && completed >= enough;
        });
        first.kill();

        ServiceProcess second = startService();
        at(second).post("/experiments/{id}/run", id).then().statusCode(202);
        await().atMost(Duration.ofMinutes(3)).until(() -> at(second).get("/experiments/{id}", id).jsonPath()
                .getString("status").equals("COMPLETED"));

        JsonPath stored = results(second, at(second).get("/experiments/{id}", id).jsonPath().getString("runId"));
        assertThat(stored.getList("questionId")).hasSize(13).doesNotHaveDuplicates();
        assertThat(stored.getList("state")).containsOnly("COMPLETED");
        List<List<Object>> answers = stored.getList("answers");
        assertThat(answers).allSatisfy(perQuestion -> assertThat(perQuestion).hasSize(5));
        long slowCalls = models.chatRequests().stream()
                .filter(request -> request.body().getString("model").equals("resume-slow-model"))
                .count();
        assertThat(slowCalls).as("answers asked of the slow variant: one per question, and those in flight at the kill again")
                .isBetween(13L, 13L + MAX_IN_FLIGHT);
    }

    /** Variants, a corpus and a run on the first service: all stored, so the second finds them. */
    private String prepare(ServiceProcess service) {
        Function<String, Map<String, Object>> chat = name -> Map.of("name", name, "role", "base",
                "endpoint", models.baseUrl().toString(), "model", name + "-model", "maxConcurrentRequests", 8);
        at(service).body(chat.apply("restart-chat")).post("/variants").then().statusCode(201);
        at(service).body(chat.apply("restart-judge")).post("/variants").then().statusCode(201);
        at(service).body(Map.of("format", "jsonl", "path", "generic-example.jsonl"))
                .post("/corpora/{id}/ingestions", "handbook").then().statusCode(202);
        await().atMost(Duration.ofMinutes(2)).until(() -> !at(service).get("/corpora/handbook/ingestion")
                .jsonPath().getString("status").equals("RUNNING"));
        return at(service)
                .body(Map.of("name", "restart", "corpus", "handbook", "variants", List.of("builtin-reader", "restart-chat"),
                        "judgeVariant", "restart-judge", "judgeMode", "logprobs"))
                .post("/runs").then().statusCode(201)
                .extract().path("id");
    }
}
