package io.ragfit.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ragfit.devstack.DevStack;
import io.ragfit.testing.KafkaTopics;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.PackagedServices;
import io.ragfit.testing.ServiceClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Backends SIGKILLed in the middle of a run and started again: readiness says which is lost, the API answers 503
 * with Retry-After meanwhile, and every question ends COMPLETED once the backend is back, each with one set of
 * results, every result on its topic.
 */
class OutageIT {

    private static final int QUESTIONS = 24;
    private static PackagedServices cluster;
    private static DevStack stack;
    private static OpenAiDouble models;
    private static ServiceClient ragfit;
    private static String tag;

    @BeforeAll
    static void start() {
        cluster = PackagedServices.start();
        stack = cluster.stack();
        models = cluster.models();
        ragfit = new ServiceClient(cluster.instance(List.of("-Dragfit.pipeline.max-in-flight=4",
                "-Dragfit.pipeline.retry-backoff=200ms", "-Dragfit.store.heartbeat-interval=1s", "-Dragfit.store.lease-ttl=6s")));
        tag = UUID.randomUUID().toString().substring(0, 8);
        ragfit.variant("outage-chat", models, 4);
        ragfit.variant("outage-judge", models, 8);
        ragfit.ingest("handbook", "jsonl", "generic-example.jsonl");
    }

    @BeforeEach
    void slowModels() {
        models.reset();
        models.tokenProbabilities(Map.of("3", 1.0)).latency(Duration.ofMillis(250));
    }

    /** Whatever a test did, the next starts with every backend up. */
    @AfterEach
    void everyBackendUp() {
        await().atMost(Duration.ofMinutes(1)).until(() -> "UP".equals(ragfit.readiness().getString("status")));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A run of a chat variant, judged, with a batch under way: returns the run's id once a few questions completed. */
    private static String runUnderWay(String name) {
        String runId = ragfit.run(name + "-" + tag, "handbook", List.of("outage-chat"), "outage-judge");
        ragfit.batch(runId, name + "-", QUESTIONS);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> ragfit.inState(runId, "COMPLETED") >= 3);
        return runId;
    }

    /** Every question completed, once, with its answer and its two scores, and all of them on the topics. */
    private static void everyQuestionCompleted(String runId) {
        await().atMost(Duration.ofMinutes(3)).until(() -> ragfit.inState(runId, "COMPLETED") == QUESTIONS);
        JsonPath stored = ragfit.results(runId);
        assertThat(stored.getList("state")).hasSize(QUESTIONS).containsOnly("COMPLETED");
        assertThat(stored.getList("answers.flatten().status")).hasSize(QUESTIONS).containsOnly("ANSWERED");
        assertThat(stored.getList("scores.flatten().findAll { it.kind == 'GEVAL' }.value")).hasSize(2 * QUESTIONS)
                .containsOnly(3.0f);
        KafkaTopics kafka = cluster.kafka();
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(kafka.ofRun("ragfit.answers", UUID.fromString(runId)).stream().map(KafkaTopics.Read::key).distinct())
                    .as("every answer on its topic").hasSize(QUESTIONS);
            assertThat(kafka.ofRun("ragfit.scores", UUID.fromString(runId)).stream()
                    .map(read -> read.key() + "/" + read.json().getString("metric")).distinct())
                    .as("every score on its topic").hasSize(stored.getList("scores.flatten()").size());
        });
    }

    private static void unavailableWithRetryAfter(Response response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isNotBlank();
        assertThat(response.jsonPath().getString("error")).isNotBlank();
    }

    @Test
    void shouldCompleteARunOnceElasticsearchIsBack() {
        String runId = runUnderWay("search-down");

        stack.kill("elasticsearch");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(ragfit.readinessOf("Elasticsearch")));
        unavailableWithRetryAfter(ragfit.api().body(Map.of("query", "refund")).post("/corpora/handbook/search"));
        assertThat(ragfit.inState(runId, "FAILED")).isZero();
        stack.restart("elasticsearch");

        everyQuestionCompleted(runId);
    }

    @Test
    void shouldCompleteARunOncePostgresIsBack() {
        String runId = runUnderWay("database-down");

        stack.kill("postgres");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(ragfit.readinessOf("PostgreSQL")));
        unavailableWithRetryAfter(ragfit.api().get("/runs/{id}/results", runId));
        unavailableWithRetryAfter(ragfit.api().body(Map.of("name", "while-down-" + tag, "corpus", "handbook",
                "variants", List.of("outage-chat"))).post("/runs"));
        unavailableWithRetryAfter(ragfit.api().queryParam("run", runId)
                .body(List.of(Map.of("id", "while-down", "question", "How long does a refund take?"))).post("/batches"));
        stack.restart("postgres");

        everyQuestionCompleted(runId);
    }

    @Test
    void shouldPutEveryResultOnItsTopicOnceKafkaIsBack() {
        String runId = runUnderWay("broker-down");

        stack.kill("kafka");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(ragfit.readinessOf("Kafka")));
        // results are stored while the broker is away: the outbox keeps their records for it
        await().atMost(Duration.ofMinutes(2)).until(() -> ragfit.inState(runId, "COMPLETED") == QUESTIONS);
        stack.restart("kafka");

        everyQuestionCompleted(runId);
    }
}
