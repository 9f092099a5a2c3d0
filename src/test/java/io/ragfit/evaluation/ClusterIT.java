package io.ragfit.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ragfit.devstack.ServiceProcess;
import io.ragfit.testing.KafkaTopics;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.PackagedServices;
import io.ragfit.testing.ServiceClient;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * Several instances of the packaged service on one stack, as in production: what one instance is told, the
 * others know; what one instance leased, another finishes when it dies.
 */
class ClusterIT {

    private static final int MAX_IN_FLIGHT = 4;

    private static PackagedServices cluster;
    private static OpenAiDouble models;
    private final List<ServiceProcess> services = new ArrayList<>();

    @BeforeAll
    static void startStack() {
        cluster = PackagedServices.start();
        models = cluster.models();
    }

    @BeforeEach
    void resetModels() {
        models.reset();
        models.tokenProbabilities(Map.of("4", 1.0));
    }

    @AfterEach
    void stopServices() {
        cluster.stopInstances();
        services.clear();
    }

    @AfterAll
    static void stopStack() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A chat variant and a judge registered through this instance, and the handbook ingested; returns the tag. */
    private String variantsAndCorpus(ServiceClient instance, String prefix) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        instance.variant(prefix + "-" + tag, models, 8);
        instance.variant(prefix + "-judge-" + tag, models, 8);
        instance.ingest("handbook", "jsonl", "generic-example.jsonl");
        return tag;
    }

    /** An instance whose leases expire 6 s after it stops beating (20 s by default). */
    private ServiceClient instance() {
        ServiceProcess service = cluster.instance(List.of("-Dragfit.pipeline.max-in-flight=" + MAX_IN_FLIGHT,
                "-Dragfit.pipeline.retry-backoff=200ms", "-Dragfit.store.heartbeat-interval=1s", "-Dragfit.store.lease-ttl=6s",
                "-Dragfit.pipeline.sweep-interval=300ms"));
        services.add(service);
        return new ServiceClient(service);
    }

    @Test
    void shouldAnswerOnOneInstanceWithAVariantRegisteredThroughAnother() {
        ServiceClient first = instance();
        ServiceClient second = instance();
        // the second instance read the registry when it started: these come after
        String tag = variantsAndCorpus(first, "told");
        String runId = second.run("told-" + tag, "handbook", List.of("told-" + tag), "told-judge-" + tag);
        // the run froze the variant: a later change does not change what it asks
        first.api().body(Map.of("role", "base", "endpoint", models.baseUrl().toString(), "model", "changed-model"))
                .put("/variants/{name}", "told-" + tag).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.api().get("/variants/{name}", "told-" + tag)
                .jsonPath().getString("model").equals("changed-model"));
        services.getFirst().close();

        KafkaTopics kafka = cluster.kafka();
        kafka.sendAll("ragfit.questions", java.util.stream.IntStream.range(0, 20).boxed().collect(Collectors.toMap(
                i -> tag + "-" + i, i -> new JsonObject().put("schemaVersion", 1).put("id", tag + "-" + i)
                        .put("question", "How long does a refund take?").put("runId", runId).encode())));
        await().atMost(Duration.ofMinutes(2)).until(() -> second.inState(runId, "COMPLETED") == 20);

        JsonPath stored = second.results(runId);
        assertThat(stored.getList("answers.flatten().status")).hasSize(20).containsOnly("ANSWERED");
        assertThat(models.chatRequests().stream().map(request -> request.body().getString("model")).distinct())
                .as("the models asked: the run's frozen one and its judge's, never the changed one")
                .containsExactlyInAnyOrder("told-" + tag + "-model", "told-judge-" + tag + "-model");
    }

    @Test
    void shouldFinishOnAnotherInstanceAnIngestionWhoseInstanceWasKilled() {
        ServiceClient first = instance();
        ServiceClient second = instance();
        String corpus = "taken-over-" + UUID.randomUUID().toString().substring(0, 8);
        first.api().body(Map.of("format", "nq-open-oracle", "path", "nq-open-oracle-sample.jsonl"))
                .post("/corpora/{id}/ingestions", corpus).then().statusCode(202);
        // the other instance sees its progress, recorded as it goes
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> second.api()
                .get("/corpora/{id}/ingestion", corpus).jsonPath().getLong("chunks") >= 64);
        services.getFirst().kill();

        await().atMost(Duration.ofMinutes(3)).until(() -> second.api().get("/corpora/{id}/ingestion", corpus)
                .jsonPath().getString("status").equals("COMPLETED"));

        JsonPath ingestion = second.api().get("/corpora/{id}/ingestion", corpus).jsonPath();
        // the sample's 1,200 gold passages hold 14 repeats
        assertThat(ingestion.getLong("documents")).isEqualTo(1186);
        assertThat(ingestion.getLong("duplicateDocuments")).isEqualTo(14);
        assertThat(ingestion.getLong("questions")).isEqualTo(1200);
        // read again from the start: the 1,216 chunks of the distinct passages indexed, none twice
        assertThat(ingestion.getLong("chunks")).isEqualTo(1216);
        assertThat(second.api().get("/corpora/{id}", corpus).jsonPath().getLong("chunks")).isEqualTo(1216);
    }

    @Test
    void shouldFinishOnAnotherInstanceWhatAKilledInstanceHadLeased() {
        ServiceClient first = instance();
        ServiceClient second = instance();
        String tag = variantsAndCorpus(first, "leased");
        String runId = first.run("leased-" + tag, "handbook", List.of("builtin-reader", "leased-" + tag),
                "leased-judge-" + tag);
        models.latency(Duration.ofMillis(300));
        int questions = 30;
        String batchId = first.batch(runId, "q", questions);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> second.inState(runId, "COMPLETED") >= 2 * MAX_IN_FLIGHT);
        services.getFirst().kill();
        int completedAtTheKill = second.inState(runId, "COMPLETED");

        await().atMost(Duration.ofMinutes(3)).until(() -> second.api().get("/batches/{id}", batchId).jsonPath()
                .getString("status").equals("COMPLETED"));

        JsonPath stored = second.results(runId);
        assertThat(stored.getList("state")).hasSize(questions).containsOnly("COMPLETED");
        assertThat(stored.getList("questionId")).doesNotHaveDuplicates();
        for (int i = 0; i < questions; i++) {
            JsonPath question = stored.setRootPath("find { it.questionId == 'q" + i + "' }");
            assertThat(question.getList("answers.variant")).as("answers of q%d", i)
                    .containsExactlyInAnyOrder("builtin-reader", "leased-" + tag);
            assertThat(question.getList("scores.findAll { it.kind == 'GEVAL' }")).hasSize(4);
        }
        long answeringCalls = models.chatRequests().stream()
                .filter(request -> request.body().getString("model").equals("leased-" + tag + "-model"))
                .count();
        assertThat(answeringCalls).as("answers asked again: only those in flight on the killed instance")
                .isBetween((long) questions, (long) questions + MAX_IN_FLIGHT);
        KafkaTopics kafka = cluster.kafka();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kafka.ofRun("ragfit.answers",
                UUID.fromString(runId)).stream().map(read -> read.key() + "/" + read.json().getString("variant")).distinct())
                .as("every answer on its topic").hasSize(questions * 2));
        System.out.printf("cluster: killed an instance with %d/%d questions completed; %d answer calls for %d questions%n",
                completedAtTheKill, questions, answeringCalls, questions);
    }
}
