package io.ragfit.generation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.OpenAiDouble.Fault;
import io.ragfit.testing.SignedInRestAssured;
import io.ragfit.testing.TestCorpora;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class GenerationTests {

    private static final OpenAiDouble DOUBLE = OpenAiDouble.start(8);
    private static final String CORPUS = TestCorpora.HANDBOOK;
    private static final String SECRET = "sk-ragfit-test-secret-7f3a";
    /** Everything the test application logs (see the %test log file settings). */
    private static final java.nio.file.Path LOG = java.nio.file.Path.of("target", "quarkus-test.log");

    @TestHTTPResource("/")
    URI service;

    @AfterAll
    static void stop() {
        DOUBLE.close();
    }

    @BeforeEach
    void resetDouble() {
        DOUBLE.reset();
    }

    private static void createVariant(String name, String role, String base, String model, int maxConcurrent,
            String apiKeyRef) {
        Map<String, Object> variant = new HashMap<>(Map.of("name", name, "role", role, "endpoint",
                DOUBLE.baseUrl().toString(), "model", model, "maxConcurrentRequests", maxConcurrent,
                "parameters", Map.of("temperature", 0, "maxTokens", 64, "seed", 7)));
        if (base != null) {
            variant.put("baseVariant", base);
            variant.put("fineTuning", Map.of("trainSize", 200, "method", "LoRA", "epochs", 3));
        }
        if (apiKeyRef != null) {
            variant.put("apiKeyRef", apiKeyRef);
        }
        given().contentType(ContentType.JSON).body(variant).when().post("/variants").then().statusCode(201);
    }

    private static JsonPath generate(String variant) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("question", "How long does a refund take?",
                        "context", List.of(Map.of("title", "Returns", "text", "Refunds arrive within five working days."))))
                .when().post("/variants/{name}/answers", variant)
                .then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void shouldSendTheSameBytesToEveryVariantAndRecordTheirHash() {
        TestCorpora.handbook();
        createVariant("same-base", "base", null, "base-model", 8, null);
        createVariant("same-ft-200", "fine-tuned", "same-base", "ft-200", 8, null);
        createVariant("same-ft-500", "fine-tuned", "same-base", "ft-500", 8, null);

        JsonPath result = given().contentType(ContentType.JSON)
                .body(Map.of("question", "How long does a refund take?", "corpus", CORPUS,
                        "variants", List.of("same-base", "same-ft-200", "same-ft-500")))
                .when().post("/answers")
                .then().statusCode(200)
                .extract().jsonPath();

        String hash = result.getString("prompt.hash");
        assertThat(result.getList("answers.status")).containsOnly("ANSWERED");
        assertThat(result.getList("answers.promptHash")).containsOnly(hash);
        assertThat(result.getList("answers.text")).containsExactly(
                "An answer from base-model.", "An answer from ft-200.", "An answer from ft-500.");
        assertThat(result.getList("chunks")).isNotEmpty();
        List<OpenAiDouble.Received> requests = DOUBLE.chatRequests();
        assertThat(requests).hasSize(3);
        assertThat(requests.stream().map(request -> request.body().getJsonArray("messages").encode()).distinct()).hasSize(1);
        assertThat(requests).extracting(request -> request.body().getString("model"))
                .containsExactlyInAnyOrder("base-model", "ft-200", "ft-500");
        assertThat(requests.getFirst().body().getJsonArray("messages").getJsonObject(1).getString("content"))
                .contains("Refunds are paid to the original payment method").contains("Question: How long does a refund take?");
        assertThat(result.getList("answers.promptTokens", Integer.class)).allSatisfy(tokens -> assertThat(tokens).isPositive());
    }

    @Test
    void shouldWaitAsLongAsRetryAfterSaysThenAnswer() {
        createVariant("patient", "base", null, "base-model", 4, null);
        DOUBLE.fail(Fault.tooManyRequests(1));

        JsonPath result = generate("patient");

        assertThat(result.getString("answers[0].status")).isEqualTo("ANSWERED");
        assertThat(result.getInt("answers[0].attempts")).isEqualTo(2);
        List<OpenAiDouble.Received> requests = DOUBLE.chatRequests();
        assertThat(Duration.ofNanos(requests.get(1).atNanos() - requests.get(0).atNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void shouldRetryServerErrorsThenKeepTheFailureWithItsReason() {
        createVariant("flaky", "base", null, "base-model", 4, null);
        DOUBLE.fail(Fault.status(503), Fault.status(500), Fault.status(503));

        JsonPath result = generate("flaky");

        assertThat(result.getString("answers[0].status")).isEqualTo("FAILED");
        assertThat(result.getInt("answers[0].attempts")).isEqualTo(3);
        assertThat(result.getString("answers[0].error"))
                .contains("HTTP 503 from " + DOUBLE.baseUrl())
                .contains("3 attempts")
                .as("the server's own words are not echoed").doesNotContain("scripted failure");
        assertThat(result.getString("answers[0].promptHash")).isEqualTo(result.getString("prompt.hash"));
    }

    @Test
    void shouldOpenTheBreakerOfAFailingModelOnlyAndSayWhatOpenedIt() {
        createVariant("breaking", "base", null, "breaking-model", 4, null);
        createVariant("neighbour", "base", null, "neighbour-model", 4, null);
        DOUBLE.refuse("breaking-model", 503);

        // 3 attempts a call: past 20 calls, three quarters of them failed, its breaker opens
        for (int i = 0; i < 8; i++) {
            assertThat(generate("breaking").getString("answers[0].status")).isEqualTo("FAILED");
        }

        JsonPath prevented = generate("breaking");
        assertThat(prevented.getString("answers[0].error")).startsWith("circuit breaker open for model breaking-model")
                .contains("opened by: HTTP 503");
        JsonPath breaker = given().get("/variants/{name}", "breaking").then().statusCode(200).extract().jsonPath();
        assertThat(breaker.getString("breaker.state")).isEqualTo("OPEN");
        assertThat(breaker.getString("breaker.cause")).contains("HTTP 503").doesNotContain("does not exist");
        assertThat(generate("neighbour").getString("answers[0].status")).as("another model on the same endpoint")
                .isEqualTo("ANSWERED");
        assertThat(given().get("/variants/{name}", "neighbour").jsonPath().getString("breaker.state")).isEqualTo("CLOSED");
    }

    @Test
    void shouldGiveUpOnAnEndpointThatDoesNotAnswerInTime() {
        createVariant("slow", "base", null, "base-model", 4, null);
        DOUBLE.fail(Fault.slow(Duration.ofSeconds(3)), Fault.slow(Duration.ofSeconds(3)), Fault.slow(Duration.ofSeconds(3)));

        JsonPath result = generate("slow");

        assertThat(result.getString("answers[0].status")).isEqualTo("FAILED");
        assertThat(result.getString("answers[0].error")).contains("in time").contains("3 attempts");
    }

    @Test
    void shouldNeverHaveMoreRequestsInFlightThanTheVariantAllows() {
        createVariant("narrow", "base", null, "base-model", 3, null);
        DOUBLE.latency(Duration.ofMillis(150));
        HttpClient client = HttpClient.newHttpClient();
        String body = "{\"question\":\"q\",\"context\":[{\"text\":\"some context\"}]}";

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(service.resolve("/variants/narrow/answers"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + SignedInRestAssured.tokenOf("demo"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\":\"ANSWERED\"");
        });
        assertThat(DOUBLE.chatRequests()).hasSize(12);
        assertThat(DOUBLE.maxInFlight()).isEqualTo(3);
    }

    @Test
    void shouldSendTheKeyAsABearerTokenAndShowItNowhere() throws java.io.IOException {
        createVariant("keyed", "base", null, "base-model", 4, "secret:test-key");

        String answer = given().contentType(ContentType.JSON)
                .body(Map.of("question", "q", "context", List.of(Map.of("text", "context"))))
                .post("/variants/keyed/answers").then().statusCode(200).extract().asString();
        DOUBLE.fail(Fault.status(401));
        String failed = given().contentType(ContentType.JSON)
                .body(Map.of("question", "q", "context", List.of(Map.of("text", "context"))))
                .post("/variants/keyed/answers").then().statusCode(200).extract().asString();
        String one = given().get("/variants/keyed").then().statusCode(200).body("apiKeyConfigured", is(true)).extract().asString();
        String all = given().get("/variants").then().statusCode(200).extract().asString();

        assertThat(DOUBLE.chatRequests()).extracting(OpenAiDouble.Received::authorization).containsOnly("Bearer " + SECRET);
        assertThat(List.of(answer, failed, one, all)).allSatisfy(body -> assertThat(body)
                .doesNotContain(SECRET)
                .doesNotContain("secret:test-key"));
        assertThat(failed).contains("HTTP 401");
        assertThat(java.nio.file.Files.readString(LOG)).contains("Variants:").doesNotContain(SECRET);
    }

    @Test
    void shouldCheckThatTheEndpointServesTheModelAndRecordAnAdaptersParent() {
        DOUBLE.serve("base-model", null).serve("ft-200", "base-model");
        createVariant("checked-base", "base", null, "base-model", 4, null);
        createVariant("checked-ft", "fine-tuned", "checked-base", "ft-200", 4, null);
        createVariant("not-served", "base", null, "no-such-model", 4, null);

        given().post("/variants/checked-ft/check").then().statusCode(200)
                .body("status", is("OK"))
                .body("parent", is("base-model"));
        given().post("/variants/not-served/check").then().statusCode(200)
                .body("status", is("MODEL_MISSING"))
                .body("detail", containsString("not no-such-model"));
        given().get("/variants/checked-ft").then().body("lastCheck.parent", is("base-model"));
    }

    @Test
    void shouldReportAVariantWhoseEndpointIsDownWithoutFailingTheService() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/variants/file-base").then()
                .statusCode(200)
                .body("lastCheck.status", is("UNREACHABLE"))
                .body("lastCheck.detail", containsString("cannot reach http://127.0.0.1:9/v1")));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void shouldSeedTheVariantsFile() {
        given().get("/variants/file-ft-200").then().statusCode(200)
                .body("role", is("fine-tuned"))
                .body("baseVariant", is("file-base"))
                .body("fineTuning.trainSize", is(200))
                .body("fineTuning.method", is("LoRA"))
                .body("apiKeyConfigured", is(true))
                .body("parameters", org.hamcrest.Matchers.anEmptyMap());
        given().get("/variants/file-base").then().body("parameters.seed", is(42)).body("maxConcurrentRequests", is(2));
    }

    @Test
    void shouldAnswerWithTheBuiltInReaderAndSaySo() {
        TestCorpora.handbook();

        JsonPath result = given().contentType(ContentType.JSON)
                .body(Map.of("question", "How long does a refund take to arrive?", "corpus", CORPUS,
                        "variants", List.of(VariantService.BUILTIN_READER)))
                .when().post("/answers")
                .then().statusCode(200)
                .extract().jsonPath();

        assertThat(result.getString("answers[0].status")).isEqualTo("ANSWERED");
        assertThat(result.getBoolean("answers[0].builtin")).isTrue();
        assertThat(result.getString("answers[0].model")).isEqualTo("ragfit-builtin-extractive-reader");
        // its two most similar sentences, verbatim from the retrieved context
        List<String> sentences = SentenceSplitter.of(result.getList("chunks", Map.class).stream()
                .map(chunk -> new io.ragfit.retrieval.RetrievedChunk(0, "", "", null, null, 0, 0, 0, (String) chunk.get("text"), 0))
                .toList());
        String text = result.getString("answers[0].text");
        assertThat(sentences.stream().filter(text::contains)).hasSize(2);
        assertThat(DOUBLE.chatRequests()).isEmpty();
    }

    @Test
    void shouldKeepTheRegistryConsistent() {
        createVariant("registry-base", "base", null, "base-model", 4, null);
        createVariant("registry-ft", "fine-tuned", "registry-base", "ft", 4, null);

        given().contentType(ContentType.JSON)
                .body(Map.of("name", "orphan", "role", "fine-tuned", "baseVariant", "nobody", "endpoint",
                        DOUBLE.baseUrl().toString(), "model", "m"))
                .post("/variants").then().statusCode(400).body("error", containsString("'nobody' does not exist"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "registry-base", "role", "base", "endpoint", DOUBLE.baseUrl().toString(), "model", "m"))
                .post("/variants").then().statusCode(409);
        given().delete("/variants/registry-base").then().statusCode(409).body("error", containsString("registry-ft"));
        given().delete("/variants/" + VariantService.BUILTIN_READER).then().statusCode(409);
        given().get("/variants/nobody").then().statusCode(404);
        given().contentType(ContentType.JSON)
                .body(Map.of("question", "q", "corpus", CORPUS, "variants", List.of("nobody")))
                .post("/answers").then().statusCode(404).body("error", containsString("builtin-reader"));

        given().delete("/variants/registry-ft").then().statusCode(204);
        given().delete("/variants/registry-base").then().statusCode(204);
        given().get("/variants/registry-base").then().statusCode(404);
    }
}
