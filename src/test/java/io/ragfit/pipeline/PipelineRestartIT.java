package io.ragfit.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.ragfit.devstack.DevStack;
import io.ragfit.devstack.ServiceProcess;
import io.ragfit.testing.KafkaTopics;
import io.ragfit.testing.KafkaTopics.Read;
import io.ragfit.testing.OpenAiDouble;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The packaged service, SIGKILLed in the middle of a run and started again: every question must end with
 * exactly one set of results in the database, and every result must reach its topic.
 */
class PipelineRestartIT {

    private static final int QUESTIONS = 40;
    private static final int MAX_IN_FLIGHT = 4;
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private static DevStack stack;
    private static OpenAiDouble models;

    @BeforeAll
    static void startStack() {
        stack = DevStack.startEphemeral(Path.of(System.getProperty("ragfit.devstack.home", ".ragfit/it-stack")));
        models = OpenAiDouble.start(8).latency(Duration.ofMillis(200)).tokenProbabilities(Map.of("3", 0.5, "4", 0.5));
    }

    @AfterAll
    static void stopStack() {
        if (models != null) {
            models.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static ServiceProcess startService() {
        return ServiceProcess.start(stack, JAR, List.of("-Dragfit.pipeline.max-in-flight=" + MAX_IN_FLIGHT,
                "-Dragfit.pipeline.retry-backoff=200ms"));
    }

    private static RequestSpecification at(ServiceProcess service) {
        return given().baseUri(service.url().toString()).contentType(ContentType.JSON);
    }

    private static JsonPath results(ServiceProcess service, String runId) {
        return at(service).queryParam("limit", 1000).get("/runs/{id}/results", runId).then().statusCode(200).extract().jsonPath();
    }

    private static int completed(ServiceProcess service, String runId) {
        return results(service, runId).getList("findAll { it.state == 'COMPLETED' }").size();
    }

    @Test
    void shouldEndEveryQuestionWithExactlyOneSetOfResultsAfterAKill() {
        ServiceProcess first = startService();
        String runId = prepare(first);
        KafkaTopics kafka = new KafkaTopics(stack.quarkusConfig().get("kafka.bootstrap.servers"));
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
        second.close();
    }

    /** Variants, a corpus and a run on the first service: all stored, so the second finds them. */
    private static String prepare(ServiceProcess service) {
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
