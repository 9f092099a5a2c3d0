package io.ragfit.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.SignedInRestAssured;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.TestCorpora;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** HTTP batches over the real stack: accepted, processed through Kafka, followed, cancelled, refused. */
@QuarkusTest
class BatchTests {

    private static final OpenAiDouble DOUBLE = OpenAiDouble.start(8);

    @TestHTTPResource("/")
    URI service;

    @AfterAll
    static void stopDouble() {
        DOUBLE.close();
    }

    @BeforeEach
    void resetDouble() {
        DOUBLE.reset();
    }

    /** A run of the built-in reader alone, reference metrics only: quick, and no endpoint to double. */
    private static String run() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "batch-" + UUID.randomUUID(), "corpus", TestCorpora.handbook(),
                        "variants", List.of("builtin-reader")))
                .post("/runs").then().statusCode(201)
                .extract().path("id");
    }

    private static JsonArray questions(int count, String prefix) {
        JsonArray questions = new JsonArray();
        IntStream.range(0, count).forEach(i -> questions.add(new JsonObject().put("id", prefix + i)
                .put("question", "How long does a refund take?").put("references", new JsonArray().add("Five working days."))));
        return questions;
    }

    private static String submit(String runId, String contentType, String body) {
        var accepted = given().contentType(contentType).queryParam("run", runId).body(body)
                .when().post("/batches")
                .then().statusCode(202)
                .extract();
        String id = accepted.path("id");
        assertThat(accepted.header("Location")).endsWith("/batches/" + id);
        return id;
    }

    private static JsonPath progress(String batchId) {
        return given().get("/batches/{id}", batchId).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldProcessAJsonArrayBatchAndReportProgressAndResults() {
        String runId = run();
        String batchId = submit(runId, "application/json", questions(5, "array-").encode());

        await().atMost(Duration.ofMinutes(1)).until(() -> progress(batchId).getString("status").equals("COMPLETED"));

        JsonPath done = progress(batchId);
        assertThat(done.getInt("total")).isEqualTo(5);
        assertThat(done.getLong("counts.completed")).isEqualTo(5);
        assertThat(done.getLong("counts.pending")).isZero();
        assertThat(done.getDouble("questionsPerSecond")).isPositive();
        JsonPath results = given().get("/batches/{id}/results", batchId).then().statusCode(200).extract().jsonPath();
        assertThat(results.getList("questionId")).containsExactlyInAnyOrder("array-0", "array-1", "array-2", "array-3", "array-4");
        assertThat(results.getList("answers.flatten().variant")).hasSize(5).containsOnly("builtin-reader");
        assertThat(results.getList("scores.flatten().metric")).contains("token_f1", "rouge_l");
    }

    @Test
    void shouldReadPlainTextReferencesByTheDocumentedRulesAndSayWhichMetricsWereNotComputedAndWhy() {
        String runId = run();
        JsonArray questions = new JsonArray()
                .add(new JsonObject().put("id", "short").put("question", "How long does a refund take?")
                        .put("references", new JsonArray().add("five working days")))
                .add(new JsonObject().put("id", "named-ideal").put("question", "How long does a refund take?")
                        .put("referenceKind", "ideal").put("references", new JsonArray().add("five working days")))
                .add(new JsonObject().put("id", "yes-no").put("question", "Do refunds take five working days?")
                        .put("questionType", "yes_no").put("references", new JsonArray().add("yes")));
        String batchId = submit(runId, "application/json", questions.encode());

        await().atMost(Duration.ofMinutes(1)).until(() -> progress(batchId).getString("status").equals("COMPLETED"));

        JsonPath results = given().get("/batches/{id}/results", batchId).then().statusCode(200).extract().jsonPath();
        assertThat(results.getList("find { it.questionId == 'short' }.scores.metric", String.class)).contains("answer_contained");
        assertThat(results.getList("find { it.questionId == 'short' }.metrics[0].computed", String.class))
                .contains("answer_contained", "token_f1");
        assertThat(results.getList("find { it.questionId == 'named-ideal' }.scores.metric", String.class))
                .doesNotContain("answer_contained");
        assertThat(results.getString("find { it.questionId == 'named-ideal' }.metrics[0].notComputed.answer_contained"))
                .contains("no exact (short) reference", "referenceKind exact");
        assertThat(results.getList("find { it.questionId == 'yes-no' }.scores.metric", String.class))
                .doesNotContain("yes_no_correct");
        assertThat(results.getString("find { it.questionId == 'yes-no' }.metrics[0].notComputed.yes_no_correct"))
                .contains("built-in reader", "never yes or no");
    }

    @Test
    void shouldSayThatAVariantWithoutAnAnswerHasNoMetricAndWhy() {
        variantAt("refused-chat");
        DOUBLE.refuse("refused-chat", 400, "this model does not exist");
        String runId = given().contentType(ContentType.JSON)
                .body(Map.of("name", "refused-" + UUID.randomUUID(), "corpus", TestCorpora.handbook(),
                        "variants", List.of("builtin-reader", "refused-chat")))
                .post("/runs").then().statusCode(201).extract().path("id");
        String batchId = submit(runId, "application/json", questions(1, "refused-").encode());

        await().atMost(Duration.ofMinutes(1)).until(() -> !progress(batchId).getString("status").equals("ACCEPTED")
                && progress(batchId).getLong("counts.pending") + progress(batchId).getLong("counts.running") == 0);

        JsonPath result = given().get("/runs/{run}/results/{question}", runId, "refused-0").then().statusCode(200)
                .extract().jsonPath();
        assertThat(result.getList("metrics.find { it.variant == 'refused-chat' }.computed")).isEmpty();
        assertThat(result.getString("metrics.find { it.variant == 'refused-chat' }.notComputed['every metric']"))
                .contains("FAILED", "HTTP 400");
        assertThat(result.getList("metrics.find { it.variant == 'builtin-reader' }.computed", String.class))
                .contains("token_f1", "answer_contained");
    }

    @Test
    void shouldTakeAnNdjsonBatchIntoTheLiveRunWhenNoRunIsNamed() {
        String ndjson = questions(3, "ndjson-" + UUID.randomUUID() + "-").stream()
                .map(question -> ((JsonObject) question).put("corpus", TestCorpora.handbook()).encode())
                .collect(Collectors.joining("\n"));
        String batchId = given().contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8))
                .when().post("/batches")
                .then().statusCode(202).extract().path("id");

        await().atMost(Duration.ofMinutes(1)).until(() -> progress(batchId).getString("status").equals("COMPLETED"));

        String liveRun = given().get("/runs/live").then().statusCode(200).extract().path("id");
        assertThat(progress(batchId).getString("runId")).isEqualTo(liveRun);
        assertThat(progress(batchId).getLong("counts.completed")).isEqualTo(3);
    }

    @Test
    void shouldStreamEachResultThenTheFinalProgress() throws Exception {
        String runId = run();
        String batchId = submit(runId, "application/json", questions(4, "sse-").encode());

        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(service.resolve("/batches/" + batchId + "/events")).timeout(Duration.ofMinutes(1))
                        .header("Authorization", "Bearer " + SignedInRestAssured.tokenOf("demo")).build(),
                HttpResponse.BodyHandlers.ofLines());
        List<String> events = new ArrayList<>();
        List<JsonObject> data = new ArrayList<>();
        // the stream ends by itself once the batch has ended
        response.body().forEach(line -> {
            if (line.startsWith("event:")) {
                events.add(line.substring("event:".length()).trim());
            } else if (line.startsWith("data:")) {
                data.add(new JsonObject(line.substring("data:".length()).trim()));
            }
        });

        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        assertThat(events).filteredOn("result"::equals).hasSize(4);
        assertThat(events.getLast()).isEqualTo("progress");
        assertThat(data.getLast().getString("status")).isEqualTo("COMPLETED");
        assertThat(IntStream.range(0, events.size()).filter(i -> events.get(i).equals("result"))
                .mapToObj(i -> data.get(i).getString("questionId")))
                .containsExactlyInAnyOrder("sse-0", "sse-1", "sse-2", "sse-3");
    }

    @Test
    void shouldCancelTheQuestionsNotStartedYet() {
        variantAt("slow-chat");
        DOUBLE.latency(Duration.ofMillis(400));
        String runId = given().contentType(ContentType.JSON)
                .body(Map.of("name", "cancelled-" + UUID.randomUUID(), "corpus", TestCorpora.handbook(),
                        "variants", List.of("slow-chat")))
                .post("/runs").then().statusCode(201).extract().path("id");
        String batchId = submit(runId, "application/json", questions(60, "cancel-").encode());

        JsonPath cancelled = given().delete("/batches/{id}", batchId).then().statusCode(200).extract().jsonPath();

        assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.getLong("counts.cancelled")).isPositive();
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonPath now = progress(batchId);
            assertThat(now.getLong("counts.pending") + now.getLong("counts.running")).isZero();
        });
        JsonPath results = given().queryParam("limit", 100).get("/batches/{id}/results", batchId).then().extract().jsonPath();
        assertThat(results.getList("findAll { it.state == 'CANCELLED' }.answers.flatten()")).isEmpty();
        long cancelledCount = results.getList("findAll { it.state == 'CANCELLED' }").size();
        assertThat(DOUBLE.chatRequests()).hasSize(60 - (int) cancelledCount);
    }

    @Test
    void shouldRetryFailedQuestionsAndLetANewBatchReplaceThem() {
        String runId = run();
        String missing = "later-" + UUID.randomUUID().toString().substring(0, 8);
        JsonArray questions = new JsonArray()
                .add(new JsonObject().put("id", "fine").put("question", "How long does a refund take?"))
                .add(new JsonObject().put("id", "early").put("question", "How long does a refund take?").put("corpus", missing))
                .add(new JsonObject().put("id", "replaced").put("question", "How long?").put("corpus", missing));
        String batchId = submit(runId, "application/json", questions.encode());
        await().atMost(Duration.ofMinutes(1)).until(() -> progress(batchId).getString("status").equals("COMPLETED"));
        assertThat(progress(batchId).getLong("counts.failed")).isEqualTo(2);

        // a failed id comes back in a new batch: it replaces the failed question (any other id of the run is refused)
        String replacing = submit(runId, "application/json", new JsonArray()
                .add(new JsonObject().put("id", "replaced").put("question", "How long does a refund take?")).encode());
        await().atMost(Duration.ofMinutes(1)).until(() -> progress(replacing).getString("status").equals("COMPLETED"));
        assertThat(progress(replacing).getLong("counts.completed")).isEqualTo(1);
        assertThat(progress(batchId).getLong("total")).as("the replaced question left its first batch").isEqualTo(2);

        given().contentType(ContentType.JSON).body(Map.of("format", "jsonl", "path", "generic-example.jsonl"))
                .post("/corpora/{id}/ingestions", missing).then().statusCode(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> given().get("/corpora/{id}/ingestion", missing)
                .jsonPath().getString("status").equals("COMPLETED"));
        JsonPath retried = given().post("/batches/{id}/retry", batchId).then().statusCode(200).extract().jsonPath();
        assertThat(retried.getString("status")).isEqualTo("RUNNING");

        await().atMost(Duration.ofMinutes(1)).until(() -> progress(batchId).getString("status").equals("COMPLETED"));
        assertThat(progress(batchId).getLong("counts.completed")).isEqualTo(2);
        JsonPath early = given().get("/runs/{run}/results/{question}", runId, "early").then().statusCode(200)
                .extract().jsonPath();
        assertThat(early.getString("state")).isEqualTo("COMPLETED");
        assertThat((Object) early.get("error")).isNull();
        assertThat(early.getList("answers.variant")).containsExactly("builtin-reader");
    }

    private static void variantAt(String name) {
        if (given().get("/variants/{name}", name).statusCode() != 200) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("name", name, "role", "base", "endpoint", DOUBLE.baseUrl().toString(), "model", name))
                    .post("/variants").then().statusCode(201);
        }
    }

    @Test
    void shouldRefuseBatchesBeyondTheLimitsWithAClearStatus() {
        String runId = run();
        // max-batch-questions is 200 in tests
        given().contentType("application/json").queryParam("run", runId).body(questions(201, "many-").encode())
                .post("/batches").then().statusCode(413).body("error", containsString("more than 200 questions"));
        // max-batch-size is 64K in tests
        JsonArray large = new JsonArray().add(new JsonObject().put("id", "big").put("question", "q")
                .put("metadata", new JsonObject().put("padding", "x".repeat(70_000))));
        given().contentType("application/json").queryParam("run", runId).body(large.encode())
                .post("/batches").then().statusCode(413).body("error", containsString("larger than 65536 bytes"));
        JsonArray longQuestion = new JsonArray().add(new JsonObject().put("id", "long").put("question", "x".repeat(4001)));
        given().contentType("application/json").queryParam("run", runId).body(longQuestion.encode())
                .post("/batches").then().statusCode(400).body("error", containsString("item 1: question is 4001 characters long"));
        given().contentType("application/x-ndjson").queryParam("run", runId)
                .body("{\"id\": \"a\", \"question\": \"q\"}\n{\"id\": \"a\", \"question\": \"again\"}".getBytes(StandardCharsets.UTF_8))
                .post("/batches").then().statusCode(400).body("error", containsString("line 2: id 'a' appears twice"));
        given().contentType("application/x-ndjson").queryParam("run", runId)
                .body("{\"id\": \"a\", \"question\": \"q\"}\n{\"id\": ".getBytes(StandardCharsets.UTF_8))
                .post("/batches").then().statusCode(400).body("error", containsString("not JSON"));
        given().contentType("application/json").queryParam("run", runId).body("[]")
                .post("/batches").then().statusCode(400).body("error", containsString("no question"));
        given().contentType("application/json").queryParam("run", "no-such-run").body(questions(1, "x").encode())
                .post("/batches").then().statusCode(404).body("error", containsString("no run no-such-run"));

        submit(runId, "application/json", questions(2, "taken-").encode());
        given().contentType("application/json").queryParam("run", runId).body(questions(3, "taken-").encode())
                .post("/batches").then().statusCode(409).body("error", containsString("already has questions"));
        given().get("/batches/{id}", UUID.randomUUID()).then().statusCode(404);
    }
}
