package io.ragfit.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.DoubledVariants;
import io.ragfit.testing.KafkaTopics;
import io.ragfit.testing.KafkaTopics.Read;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.TestCorpora;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The pipeline through the real broker, Elasticsearch and PostgreSQL, with model endpoints doubled. */
@QuarkusTest
class PipelineTests {

    private static final OpenAiDouble DOUBLE = OpenAiDouble.start(8);
    private static final String STEPS = "1. Compare the answer with the context.\n2. Score it.";
    private static final AtomicInteger RUNS = new AtomicInteger();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @AfterAll
    static void stopDouble() {
        DOUBLE.close();
    }

    @BeforeEach
    void resetDouble() {
        DOUBLE.reset();
        DOUBLE.answerWith(request -> request.getJsonArray("messages").getJsonObject(0).getString("content")
                .endsWith("Evaluation Steps:") ? STEPS : "Refunds arrive within five working days.");
        DOUBLE.tokenProbabilities(Map.of("4", 0.75, "5", 0.25));
    }

    private KafkaTopics kafka() {
        return new KafkaTopics(bootstrapServers);
    }

    /** A run of the built-in reader and a chat variant, judged by a chat judge in logprob mode. */
    private static String run(String... extraVariants) {
        DoubledVariants.base(DOUBLE, "pipe-chat", "pipe-chat-model");
        DoubledVariants.base(DOUBLE, "pipe-judge", "pipe-judge-model");
        List<String> variants = new java.util.ArrayList<>(List.of("builtin-reader", "pipe-chat"));
        variants.addAll(List.of(extraVariants));
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "pipeline-" + RUNS.incrementAndGet() + "-" + UUID.randomUUID(),
                        "corpus", TestCorpora.handbook(), "variants", variants,
                        "judgeVariant", "pipe-judge", "judgeMode", "logprobs"))
                .post("/runs").then().statusCode(201)
                .extract().path("id");
    }

    private static String question(String runId, String id, String text, List<String> references) {
        JsonObject question = new JsonObject().put("schemaVersion", 1).put("id", id).put("question", text)
                .put("runId", runId).put("metadata", new JsonObject().put("channel", "support-chat"));
        if (references != null) {
            question.put("references", new JsonArray(references));
        }
        return question.encode();
    }

    private static JsonPath results(String runId) {
        return given().queryParam("limit", 1000).get("/runs/{id}/results", runId).then().statusCode(200).extract().jsonPath();
    }

    private static long ended(String runId) {
        return results(runId).getList("findAll { it.state == 'COMPLETED' || it.state == 'FAILED' }").size();
    }

    @Test
    void shouldAnswerAndScoreEveryQuestionForEveryVariantOnTheTopicsAndInTheDatabase() {
        String runId = run();
        int questions = 6;
        for (int i = 0; i < questions; i++) {
            // odd questions carry a reference, even ones are live queries without one
            kafka().send("ragfit.questions", "q" + i, question(runId, "q" + i, "How long does a refund take to arrive?",
                    i % 2 == 1 ? List.of("Five working days.") : null));
        }

        await().atMost(Duration.ofMinutes(1)).until(() -> ended(runId) == questions);

        JsonPath stored = results(runId);
        assertThat(stored.getList("state")).containsOnly("COMPLETED");
        assertThat(stored.getList("answers.flatten().variant")).hasSize(questions * 2);
        assertThat(stored.getList("answers.flatten().status")).containsOnly("ANSWERED");
        // G-Eval on both criteria for every answer: p(4) = 0.75, p(5) = 0.25 -> 4.25
        List<Float> geval = stored.getList("scores.flatten().findAll { it.kind == 'GEVAL' }.value");
        assertThat(geval).hasSize(questions * 2 * 2).containsOnly(4.25f);
        // the built-in reader is no model: every score of its answers says so
        assertThat(stored.getList("scores.flatten().findAll { it.variant == 'builtin-reader' }.builtinAnswer"))
                .isNotEmpty().containsOnly(true);
        assertThat(stored.getList("scores.flatten().findAll { it.variant == 'pipe-chat' }.builtinAnswer")).containsOnlyNulls();
        assertThat(stored.getList("find { it.questionId == 'q0' }.scores.findAll { it.kind == 'REFERENCE' }")).isEmpty();
        assertThat(stored.getList("find { it.questionId == 'q1' }.scores.findAll { it.kind == 'REFERENCE' }.metric"))
                .contains("token_f1", "rouge_l", "semantic_similarity");
        // one question on its own, as a client following it polls it
        given().get("/runs/{run}/results/{question}", runId, "q1").then().statusCode(200)
                .body("questionId", equalTo("q1"), "state", equalTo("COMPLETED"));
        given().get("/runs/{run}/results/{question}", runId, "never-sent").then().statusCode(404)
                .body("error", containsString("never-sent"));

        // live queries (no reference) are judged reference-free: their judge prompts hold no reference answer
        List<String> judgePrompts = DOUBLE.chatRequests().stream()
                .map(OpenAiDouble.Received::body)
                .filter(body -> body.getString("model").equals("pipe-judge-model") && body.getBoolean("logprobs", false))
                .map(body -> body.getJsonArray("messages").getJsonObject(0).getString("content"))
                .toList();
        assertThat(judgePrompts).hasSize(questions * 2 * 2);
        assertThat(judgePrompts).filteredOn(prompt -> prompt.contains("Reference answer:")).hasSize(questions * 2 * 2 / 2);

        UUID run = UUID.fromString(runId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Read> answers = kafka().ofRun("ragfit.answers", run);
            assertThat(answers).hasSize(questions * 2);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.key()).isEqualTo(answer.json().getString("questionId")));
            assertThat(answers).extracting(answer -> answer.json().getInteger("schemaVersion")).containsOnly(1);
            List<Read> scores = kafka().ofRun("ragfit.scores", run);
            assertThat(scores).hasSize(stored.getList("scores.flatten()").size());
            assertThat(scores).allSatisfy(score -> assertThat(score.key()).isEqualTo(score.json().getString("questionId")));
            assertThat(scores).filteredOn(score -> score.json().getString("variant").equals("builtin-reader"))
                    .allSatisfy(score -> assertThat(score.json().getBoolean("builtinAnswer")).isTrue());
        });
    }

    @Test
    void shouldDeadLetterMalformedRecordsWithTheirReasonAndCarryOn() {
        String runId = run();
        String tag = UUID.randomUUID().toString();
        kafka().send("ragfit.questions", "bad-1", "not json " + tag);
        kafka().send("ragfit.questions", "bad-2", new JsonObject().put("schemaVersion", 7).put("id", "bad-2-" + tag)
                .put("question", "q").encode());
        kafka().send("ragfit.questions", "bad-3", new JsonObject().put("schemaVersion", 1).put("id", "bad-3-" + tag)
                .put("question", "x".repeat(5000)).put("runId", runId).encode());
        kafka().send("ragfit.questions", "bad-4", question(UUID.randomUUID().toString(), "bad-4-" + tag, "q", null));
        kafka().send("ragfit.questions", "good", question(runId, "good", "How long does a refund take?", null));

        await().atMost(Duration.ofMinutes(1)).until(() -> ended(runId) == 1);
        assertThat(results(runId).getString("[0].state")).isEqualTo("COMPLETED");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, String> reasons = new HashMap<>();
            kafka().readAll("ragfit.dead-letter", read -> read.value().contains(tag))
                    .forEach(read -> reasons.put(read.key(), read.headers().get("dead-letter-reason")));
            assertThat(reasons).containsOnlyKeys("bad-1", "bad-2", "bad-3", "bad-4");
            assertThat(reasons.get("bad-1")).startsWith("not JSON");
            assertThat(reasons.get("bad-2")).isEqualTo("schemaVersion must be 1, was 7");
            assertThat(reasons.get("bad-3")).contains("5000 characters long; the limit is 4000");
            assertThat(reasons.get("bad-4")).startsWith("no run ");
        });
    }

    @Test
    void shouldKeepOneSetOfResultsWhenAQuestionIsDeliveredAgain() {
        String runId = run();
        String record = question(runId, "again", "How long does a refund take?", List.of("Five working days."));
        kafka().send("ragfit.questions", "again", record);
        kafka().send("ragfit.questions", "again", record);

        await().atMost(Duration.ofMinutes(1)).until(() -> ended(runId) == 1);
        kafka().send("ragfit.questions", "again", record);
        String marker = question(runId, "after-again", "How long does a refund take?", null);
        kafka().send("ragfit.questions", "again", marker);
        // same key, same partition: once the marker has ended, the third delivery has been handled
        await().atMost(Duration.ofMinutes(1)).until(() -> ended(runId) == 2);

        JsonPath stored = results(runId);
        assertThat(stored.getList("find { it.questionId == 'again' }.answers.variant"))
                .containsExactlyInAnyOrder("builtin-reader", "pipe-chat");
        long answeringCalls = DOUBLE.chatRequests().stream()
                .filter(request -> request.body().getString("model").equals("pipe-chat-model"))
                .count();
        assertThat(answeringCalls).as("answers asked of the chat variant, one per distinct question").isEqualTo(2);
        List<Read> answers = kafka().ofRun("ragfit.answers", UUID.fromString(runId));
        assertThat(answers).filteredOn(answer -> answer.key().equals("again")).hasSize(2);
    }

    @Test
    void shouldStoreARefusedAnswerWithItsReasonWithoutHoldingBackTheOthers() {
        DoubledVariants.base(DOUBLE, "pipe-missing", "no-such-model");
        DOUBLE.refuse("no-such-model", 404);
        String runId = run("pipe-missing");
        kafka().send("ragfit.questions", "refused", question(runId, "refused", "How long does a refund take?", null));

        await().atMost(Duration.ofMinutes(1)).until(() -> ended(runId) == 1);

        JsonPath stored = results(runId).setRootPath("[0]");
        assertThat(stored.getString("state")).isEqualTo("COMPLETED");
        assertThat(stored.getString("answers.find { it.variant == 'pipe-missing' }.status")).isEqualTo("FAILED");
        assertThat(stored.getString("answers.find { it.variant == 'pipe-missing' }.error"))
                .contains("HTTP 404").as("the server's own words are not echoed").doesNotContain("does not exist");
        assertThat(stored.getList("answers.findAll { it.status == 'ANSWERED' }.variant"))
                .containsExactlyInAnyOrder("builtin-reader", "pipe-chat");
        assertThat(stored.getList("scores.findAll { it.kind == 'GEVAL' }.variant").stream().distinct().toList())
                .containsExactlyInAnyOrder("builtin-reader", "pipe-chat");
    }

    @Test
    void shouldCutLongTextsOnTheTopicsAndKeepThemWholeInTheDatabase() {
        String longAnswer = "Refunds arrive within five working days, whatever the card. ".repeat(2_000);
        String longRefusal = "This model is not served here. ".repeat(5_000);
        DoubledVariants.base(DOUBLE, "pipe-verbose", "verbose-model");
        DoubledVariants.base(DOUBLE, "pipe-wordy-refusal", "wordy-refusal-model");
        DOUBLE.answerWith(request -> request.getJsonArray("messages").getJsonObject(0).getString("content")
                .endsWith("Evaluation Steps:") ? STEPS
                        : request.getString("model").equals("verbose-model") ? longAnswer : "Five working days.");
        DOUBLE.refuse("wordy-refusal-model", 404, longRefusal);
        String runId = run("pipe-verbose", "pipe-wordy-refusal");
        kafka().send("ragfit.questions", "long", question(runId, "long", "How long does a refund take?", null));

        await().atMost(Duration.ofMinutes(1)).until(() -> ended(runId) == 1);

        JsonPath stored = results(runId).setRootPath("[0]");
        assertThat(stored.getString("state")).isEqualTo("COMPLETED");
        assertThat(stored.getString("answers.find { it.variant == 'pipe-verbose' }.text")).isEqualTo(longAnswer);
        assertThat(stored.getString("answers.find { it.variant == 'pipe-wordy-refusal' }.error")).contains("HTTP 404")
                .as("the server's own words are not echoed").doesNotContain("not served here");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Read> answers = kafka().ofRun("ragfit.answers", UUID.fromString(runId));
            assertThat(answers).hasSize(4);
            JsonObject verbose = answers.stream().map(Read::json)
                    .filter(answer -> answer.getString("variant").equals("pipe-verbose")).findFirst().orElseThrow();
            assertThat(verbose.getString("text")).hasSize(64 * 1024).isEqualTo(longAnswer.substring(0, 64 * 1024));
            assertThat(verbose.getBoolean("truncated")).isTrue();
            JsonObject refused = answers.stream().map(Read::json)
                    .filter(answer -> answer.getString("variant").equals("pipe-wordy-refusal")).findFirst().orElseThrow();
            assertThat(refused.getString("error")).hasSizeLessThanOrEqualTo(4096).contains("HTTP 404");
            assertThat(refused.containsKey("truncated")).isFalse();
        });
    }

    @Test
    void shouldWaitOutAnEndpointOutageAndCompleteOnceItIsBack() {
        String runId = run();
        // more failures than the endpoint's retries (2 in tests) let one request through: the question must wait
        DOUBLE.fail(java.util.stream.IntStream.range(0, 12).mapToObj(i -> OpenAiDouble.Fault.status(503))
                .toArray(OpenAiDouble.Fault[]::new));
        kafka().send("ragfit.questions", "outage", question(runId, "outage", "How long does a refund take?", null));

        await().atMost(Duration.ofMinutes(1)).until(() -> ended(runId) == 1);

        JsonPath stored = results(runId).setRootPath("[0]");
        assertThat(stored.getString("state")).isEqualTo("COMPLETED");
        assertThat(stored.getList("answers.status")).containsOnly("ANSWERED");
        assertThat(stored.getList("scores.findAll { it.kind == 'GEVAL' }.value")).hasSize(4).doesNotContainNull();
        assertThat(DOUBLE.chatRequests().size()).as("the 12 failures were met, then the calls that succeeded")
                .isGreaterThan(12);
    }

    @Test
    void shouldFailAQuestionWhoseEndpointStaysDownPastTheHorizon() {
        // file-base points at a port nobody listens on; the horizon is 20 s in tests
        String runId = run("file-base");
        kafka().send("ragfit.questions", "down", question(runId, "down", "How long does a refund take?", null));

        await().atMost(Duration.ofMinutes(1)).until(() -> ended(runId) == 1);

        JsonPath stored = results(runId).setRootPath("[0]");
        assertThat(stored.getString("state")).isEqualTo("FAILED");
        assertThat(stored.getString("error")).startsWith("gave up after an outage of 20 s").contains("cannot reach");
        assertThat(stored.getList("answers.variant")).as("what answered while it waited is kept")
                .containsExactlyInAnyOrder("builtin-reader", "pipe-chat");
    }

    @Test
    void shouldFailAQuestionWhoseCorpusDoesNotExistAndDeadLetterIt() {
        String runId = run();
        String record = new JsonObject(question(runId, "lost", "Where is the corpus?", null))
                .put("corpus", "no-such-corpus-" + UUID.randomUUID()).encode();
        kafka().send("ragfit.questions", "lost", record);

        await().atMost(Duration.ofMinutes(1)).until(() -> ended(runId) == 1);

        assertThat(results(runId).getString("[0].state")).isEqualTo("FAILED");
        assertThat(results(runId).getString("[0].error")).contains("no-such-corpus");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                kafka().readAll("ragfit.dead-letter", read -> read.value().contains(runId) && "lost".equals(read.key())))
                .singleElement()
                .satisfies(read -> assertThat(read.headers().get("dead-letter-reason")).contains("no-such-corpus")));
    }
}
