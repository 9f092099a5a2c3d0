package io.ragfit.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.results.report.ReportCsv;
import io.ragfit.testing.KafkaTopics;
import io.ragfit.store.Database;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.SignedInRestAssured;
import io.ragfit.testing.TestCorpora;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a hostile client on the network can send, each kind many ways: bad tokens, control characters, oversized
 * fields, deep nesting, wrong types, malformed bodies, paths out of the corpus root, endpoints aimed at the
 * service's own network, secret references, formula payloads, floods. Every case gets its status and the
 * documented error shape (without class names or server paths), the service stays ready, and nothing stored
 * changes.
 */
@QuarkusTest
class HostileInputTests {

    private static final OpenAiDouble MODELS = OpenAiDouble.start(8);
    private static final String TARGET = "hostile-target";
    private static final List<String> LEAKS = List.of("io.ragfit", "java.", "jakarta.", "com.fasterxml", "Exception",
            "/work/", "/home/", "/root/", "/tmp/", ".java:", "at io.", "NoSuchFile");
    private static String runId;

    @Inject
    Database database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    record Case(String name, Function<RequestSpecification, Response> call, int status) {

        @Override
        public String toString() {
            return name;
        }
    }

    @AfterAll
    static void stopModels() {
        MODELS.close();
    }

    @BeforeEach
    void target() {
        if (runId == null) {
            TestCorpora.handbook();
            if (given().get("/variants/{name}", TARGET).statusCode() == 404) {
                given().contentType(ContentType.JSON).body(Map.of("name", TARGET, "role", "base", "endpoint",
                        MODELS.baseUrl().toString(), "model", "target-model", "apiKeyRef", "secret:test-key"))
                        .post("/variants").then().statusCode(201);
            }
            runId = given().contentType(ContentType.JSON).body(Map.of("name", "hostile-" + System.nanoTime(), "corpus",
                    TestCorpora.HANDBOOK, "variants", List.of("builtin-reader"))).post("/runs").then().statusCode(201)
                    .extract().path("id");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRefuseWithAClearErrorAndChangeNothing(Case hostile) {
        String before = storedState();

        Response response = hostile.call().apply(given().redirects().follow(false));

        assertThat(response.statusCode()).as(hostile.name() + ": " + response.asString()).isEqualTo(hostile.status());
        assertThat(response.contentType()).as(hostile.name() + ": " + response.asString()).startsWith("application/json");
        String error = response.jsonPath().getString("error");
        assertThat(error).as(hostile.name() + ": the {\"error\": ...} shape of " + response.asString()).isNotBlank();
        assertThat(error.length()).isLessThan(2_000);
        assertThat(LEAKS).as("nothing of the server's insides in: " + error).noneMatch(error::contains);
        given().auth().none().get("/q/health/ready").then().statusCode(200);
        assertThat(storedState()).as("what is stored").isEqualTo(before);
        assertThat(MODELS.received()).as("nothing sent to a model").isEmpty();
    }

    @Test
    void shouldSendNothingToAnAllowedNameThatLeadsToAForbiddenAddress() {
        // 127.0.0.2 is an allowed host by name in the test profile, but no allowed CIDR covers its address
        try (OpenAiDouble forbidden = OpenAiDouble.startOn("127.0.0.2")) {
            given().contentType(ContentType.JSON).body(variant("rebound", forbidden.baseUrl().toString()))
                    .post("/variants").then().statusCode(201);
            try {
                given().post("/variants/{name}/check", "rebound").then().statusCode(200)
                        .body("status", equalTo("UNREACHABLE")).body("detail", containsString("not sent"));
                given().contentType(ContentType.JSON).body(Map.of("question", "q", "context", List.of(Map.of("text", "c"))))
                        .post("/variants/{name}/answers", "rebound").then().statusCode(200)
                        .body("answers[0].status", equalTo("FAILED")).body("answers[0].error", containsString("not sent"));
                assertThat(forbidden.received()).as("requests that reached the forbidden address").isEmpty();
            } finally {
                given().delete("/variants/{name}", "rebound").then().statusCode(204);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formulas")
    void shouldNeutraliseFormulasInCsvCells(String formula) {
        assertThat(ReportCsv.neutralised(formula)).startsWith("'" + formula.charAt(0));
    }

    static Stream<String> formulas() {
        return Stream.of("=HYPERLINK(\"http://evil.example/\",\"click\")", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3",
                "\t=1+1", "\r=1+1", "=cmd|'/C notepad'!A1");
    }

    @Test
    void shouldExportQuestionsWhoseTextsAreFormulasAsText() {
        String formulaRun = given().contentType(ContentType.JSON).body(Map.of("name", "formulas-" + System.nanoTime(),
                "corpus", TestCorpora.HANDBOOK, "variants", List.of("builtin-reader"))).post("/runs").then().statusCode(201)
                .extract().path("id");
        JsonArray batch = new JsonArray();
        formulas().forEach(formula -> batch.add(new JsonObject().put("id", formula.strip() + "#" + batch.size())
                .put("question", formula).put("references", new JsonArray().add(formula))));
        given().contentType(ContentType.JSON).queryParam("run", formulaRun).body(batch.encode()).post("/batches")
                .then().statusCode(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> given().get("/runs/{run}/results", formulaRun).jsonPath()
                .getList("findAll { it.state == 'COMPLETED' }").size() == batch.size());

        String csv = given().queryParam("table", "scores").get("/runs/{run}/report/csv", formulaRun).then().statusCode(200)
                .extract().asString();
        List<String> cells = csv.lines().skip(1).flatMap(line -> Stream.of(line.split(","))).map(cell -> cell.replace("\"", ""))
                .toList();
        assertThat(cells).as("question ids in the scores table").anyMatch(cell -> cell.startsWith("'=HYPERLINK"));
        assertThat(cells).noneMatch(cell -> !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0
                && !cell.matches("[-+]?[0-9.eE+-]+"));
    }

    @Test
    void shouldCapTheEventStreamsOfOneClient() throws Exception {
        try (OpenAiDouble slow = OpenAiDouble.start(8).latency(Duration.ofSeconds(30))) {
            given().contentType(ContentType.JSON).body(variant("slow-stream", slow.baseUrl().toString())).post("/variants")
                    .then().statusCode(201);
            String slowRun = given().contentType(ContentType.JSON).body(Map.of("name", "streams-" + System.nanoTime(),
                    "corpus", TestCorpora.HANDBOOK, "variants", List.of("slow-stream"))).post("/runs").then().statusCode(201)
                    .extract().path("id");
            String batch = given().contentType(ContentType.JSON).queryParam("run", slowRun)
                    .body("[{\"id\": \"slow\", \"question\": \"How long does a refund take?\"}]").post("/batches")
                    .then().statusCode(202).extract().path("id");
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<Stream<String>>>> open = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    open.add(client.sendAsync(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                            + "/batches/" + batch + "/events")).header("Authorization", "Bearer "
                            + SignedInRestAssured.tokenOf("viewer")).build(), HttpResponse.BodyHandlers.ofLines()));
                }
                for (CompletableFuture<HttpResponse<Stream<String>>> stream : open) {
                    assertThat(stream.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                }
                given().auth().oauth2(SignedInRestAssured.tokenOf("viewer")).get("/batches/{id}/events", batch).then()
                        .statusCode(429).header("Retry-After", notNullValue())
                        .body("error", containsString("max-event-streams-per-client"));
                open.add(client.sendAsync(HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/batches/" + batch + "/events")).header("Authorization", "Bearer "
                        + SignedInRestAssured.tokenOf("evaluator")).build(), HttpResponse.BodyHandlers.ofLines()));
                assertThat(open.getLast().get(30, TimeUnit.SECONDS).statusCode()).as("another client's stream").isEqualTo(200);
            } finally {
                open.forEach(stream -> stream.thenAccept(response -> response.body().close()));
                given().delete("/batches/{id}", batch).then().statusCode(200);
            }
        }
    }

    @Test
    void shouldRefuseIngestionsBeyondTheCap() {
        List<String> corpora = IntStream.range(0, 4).mapToObj(i -> "hostile-cap-" + i).toList();
        try {
            for (String corpus : corpora) {
                given().contentType(ContentType.JSON).body(Map.of("format", "nq-open-oracle", "path",
                        "nq-open-oracle-sample.jsonl")).post("/corpora/{id}/ingestions", corpus).then().statusCode(202);
            }
            given().contentType(ContentType.JSON).body(Map.of("format", "jsonl", "path", "generic-example.jsonl"))
                    .post("/corpora/{id}/ingestions", "hostile-cap-extra").then().statusCode(429)
                    .header("Retry-After", notNullValue()).body("error", containsString("max-concurrent-ingestions"));
            given().get("/corpora/{id}", "hostile-cap-extra").then().statusCode(404);
        } finally {
            for (String corpus : corpora) {
                given().delete("/corpora/{id}/ingestion", corpus);
                await().atMost(Duration.ofMinutes(2)).until(() -> !given().get("/corpora/{id}/ingestion", corpus).jsonPath()
                        .getString("status").equals("RUNNING"));
                given().delete("/corpora/{id}", corpus).then().statusCode(204);
            }
        }
    }

    @Test
    void shouldDeadLetterHostileRecordsWithTheirReason() {
        String tag = UUID.randomUUID().toString();
        String batchQuestion = "in-batch-" + tag;
        given().contentType(ContentType.JSON).queryParam("run", runId).body(new JsonArray().add(new JsonObject()
                .put("id", batchQuestion).put("question", "How long does a refund take?")).encode()).post("/batches")
                .then().statusCode(202);
        await().atMost(Duration.ofMinutes(1)).until(() -> "COMPLETED".equals(given().get("/runs/{run}/results/{question}",
                runId, batchQuestion).jsonPath().getString("state")));
        Map<String, JsonObject> records = new LinkedHashMap<>();
        records.put("nul", record(tag, "nul-" + tag).put("question", "refund\u0000?"));
        records.put("escape-in-id", record(tag, "esc\u001b-" + tag));
        records.put("star-corpus", record(tag, "star-" + tag).put("corpus", "*"));
        records.put("many-references", record(tag, "refs-" + tag).put("references",
                new JsonArray(Collections.nCopies(21, "Five working days."))));
        records.put("batch-question", record(tag, batchQuestion));
        KafkaTopics kafka = new KafkaTopics(bootstrapServers);
        records.forEach((key, value) -> kafka.send("ragfit.questions", key + "-" + tag, value.encode()));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, String> reasons = new HashMap<>();
            kafka.readAll("ragfit.dead-letter", read -> read.key() != null && read.key().endsWith(tag))
                    .forEach(read -> reasons.put(read.key().replace("-" + tag, ""), read.headers().get("dead-letter-reason")));
            assertThat(reasons).containsOnlyKeys(records.keySet());
            assertThat(reasons.get("nul")).contains("control character");
            assertThat(reasons.get("escape-in-id")).contains("without control characters");
            assertThat(reasons.get("star-corpus")).contains("corpus id");
            assertThat(reasons.get("many-references")).contains("at most 20 references");
            assertThat(reasons.get("batch-question")).contains("belongs to batch");
        });
        given().get("/runs/{run}/results", runId).then().statusCode(200)
                .body("findAll { it.questionId.endsWith('" + tag + "') }.questionId", contains(batchQuestion));
    }

    @Test
    void shouldRecordWhoChangedWhatForAdmins() {
        long before = given().auth().oauth2(SignedInRestAssured.tokenOf("admin")).queryParam("limit", 1).get("/audit")
                .then().statusCode(200).extract().jsonPath().getList("id", Long.class).stream().findFirst().orElse(0L);
        given().auth().oauth2(SignedInRestAssured.tokenOf("admin")).contentType(ContentType.JSON)
                .body(Map.of("role", "base", "endpoint", MODELS.baseUrl().toString(), "model", "target-model-2"))
                .put("/variants/{name}", TARGET).then().statusCode(200);
        given().auth().oauth2(SignedInRestAssured.tokenOf("evaluator")).delete("/variants/{name}", TARGET).then()
                .statusCode(403);

        JsonPath audit = given().auth().oauth2(SignedInRestAssured.tokenOf("admin")).get("/audit").then().statusCode(200)
                .extract().jsonPath();
        String put = "find { it.id > " + before + " && it.method == 'PUT' && it.path == '/variants/" + TARGET + "' }";
        assertThat(audit.getString(put + ".actor")).isEqualTo("admin");
        assertThat(audit.getInt(put + ".status")).isEqualTo(200);
        String refused = "find { it.id > " + before + " && it.method == 'DELETE' && it.path == '/variants/" + TARGET + "' }";
        assertThat(audit.getString(refused + ".actor")).as("a refused deletion is recorded too").isEqualTo("evaluator");
        assertThat(audit.getInt(refused + ".status")).isEqualTo(403);
        given().auth().oauth2(SignedInRestAssured.tokenOf("evaluator")).get("/audit").then().statusCode(403);
    }

    private static JsonObject record(String tag, String id) {
        return new JsonObject().put("schemaVersion", 1).put("id", id).put("question", "How long does a refund take?")
                .put("runId", runId).put("metadata", new JsonObject().put("tag", tag));
    }

    /** Counts of everything a request could add, and a digest of what could be changed in place. */
    private String storedState() {
        return database.query("SELECT concat_ws('/', (SELECT count(*) FROM variant), (SELECT count(*) FROM run),"
                + " (SELECT count(*) FROM corpus), (SELECT count(*) FROM ingestion), (SELECT count(*) FROM experiment),"
                + " (SELECT count(*) FROM batch), (SELECT count(*) FROM question WHERE run_id = '" + runId + "'),"
                + " (SELECT md5(string_agg(concat_ws('|', name, endpoint, model, api_key_ref, max_concurrent_requests),"
                + " ',' ORDER BY name)) FROM variant)) AS state")
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getString("state");
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        tokens(cases);
        controlCharacters(cases);
        oversized(cases);
        nesting(cases);
        wrongTypes(cases);
        malformed(cases);
        outOfTheRoot(cases);
        forbiddenEndpoints(cases);
        secretReferences(cases);
        unknownStreams(cases);
        return cases.stream();
    }

    private static void tokens(List<Case> cases) {
        String valid = SignedInRestAssured.tokenOf("admin");
        String[] parts = valid.split("\\.");
        Map<String, String> headers = new HashMap<>();
        headers.put("no token", null);
        headers.put("a token that is no JWT", "Bearer not-a-token");
        headers.put("a forged signature", "Bearer " + parts[0] + "." + parts[1] + "." + flip(parts[2]));
        headers.put("a forged payload", "Bearer " + parts[0] + "." + payload("{\"realm_access\":{\"roles\":[\"admin\"]},"
                + "\"aud\":\"ragfit\",\"exp\":9999999999}") + "." + parts[2]);
        headers.put("alg none", "Bearer " + payload("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        headers.put("a token for another audience", "Bearer " + io.ragfit.devstack.DevRealm.otherAudienceToken(
                SignedInRestAssured.realmUrl()));
        headers.put("basic credentials", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes()));
        Map<String, Function<RequestSpecification, Response>> targets = Map.of(
                "GET /runs", request -> request.get("/runs"),
                "POST /variants", request -> request.contentType(ContentType.JSON).body(variant("forged", "http://127.0.0.1:9/v1"))
                        .post("/variants"),
                "DELETE /corpora", request -> request.delete("/corpora/{id}", TestCorpora.HANDBOOK),
                "GET /audit", request -> request.get("/audit"));
        headers.forEach((kind, header) -> targets.forEach((target, call) -> cases.add(new Case(target + " with " + kind,
                request -> call.apply(header == null ? request.auth().none()
                        : request.auth().none().header("Authorization", header)), 401))));
    }

    private static void controlCharacters(List<Case> cases) {
        for (String character : List.of("\u0000", "\u0001", "\u001b", "\u007f", "\u0085")) {
            String shown = String.format("U+%04X", (int) character.charAt(0));
            cases.add(new Case(shown + " in a variant name", request -> request.contentType(ContentType.JSON)
                    .body(variant("bad" + character + "name", "http://127.0.0.1:9/v1")).post("/variants"), 400));
            cases.add(new Case(shown + " in a run name", request -> request.contentType(ContentType.JSON)
                    .body(Map.of("name", "run" + character, "corpus", TestCorpora.HANDBOOK, "variants",
                            List.of("builtin-reader"))).post("/runs"), 400));
            cases.add(new Case(shown + " in a question", request -> request.contentType(ContentType.JSON)
                    .body(Map.of("question", "refund" + character + "?", "corpus", TestCorpora.HANDBOOK))
                    .post("/answers"), 400));
            cases.add(new Case(shown + " in a judged answer", request -> request.contentType(ContentType.JSON)
                    .body(Map.of("question", "q", "answer", "a" + character, "reference", "a")).post("/judgements"), 400));
            cases.add(new Case(shown + " in a corpus id", request -> request.get("/corpora/{id}", "a" + character + "b"), 400));
            cases.add(new Case(shown + " in a run id", request -> request.get("/runs/{run}", "r" + character), 400));
            cases.add(new Case(shown + " in a query parameter", request -> request.contentType(ContentType.JSON)
                    .queryParam("run", "r" + character).body("[{\"id\": \"q\", \"question\": \"How long?\"}]")
                    .post("/batches"), 400));
            cases.add(new Case(shown + " in a batch question id", request -> request.contentType(ContentType.JSON)
                    .queryParam("run", runId).body(new JsonArray().add(new JsonObject().put("id", "q" + character)
                            .put("question", "How long does a refund take?")).encode()).post("/batches"), 400));
        }
    }

    private static void oversized(List<Case> cases) {
        String longText = "x".repeat(10_001);
        String longerText = "word ".repeat(4_001);
        cases.add(new Case("a question over 10000 characters to /answers", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", longText, "corpus", TestCorpora.HANDBOOK)).post("/answers"), 400));
        cases.add(new Case("a question over 10000 characters to a variant", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", longText, "context", List.of(Map.of("text", "c"))))
                .post("/variants/{name}/answers", TARGET), 400));
        cases.add(new Case("a query over 10000 characters", request -> request.contentType(ContentType.JSON)
                .body(Map.of("query", longText)).post("/corpora/{id}/search", TestCorpora.HANDBOOK), 400));
        cases.add(new Case("a judged question over 10000 characters", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", longText, "answer", "a", "reference", "a")).post("/judgements"), 400));
        cases.add(new Case("a judged answer over 20000 characters", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", "q", "answer", longerText, "reference", "a")).post("/judgements"), 400));
        cases.add(new Case("a reference over 20000 characters", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", "q", "answer", "a", "reference", longerText)).post("/judgements"), 400));
        cases.add(new Case("a typed reference over 20000 characters", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", "q", "answer", "a", "references", List.of(Map.of("kind", "ideal", "text", longerText))))
                .post("/judgements"), 400));
        cases.add(new Case("the 319 KB judgement (42000 words each side)", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", "q", "answer", "word ".repeat(42_000), "reference", "term ".repeat(42_000)))
                .post("/judgements"), 400));
        cases.add(new Case("21 references", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", "q", "answer", "a", "references", Collections.nCopies(21, Map.of("kind", "ideal",
                        "text", "a")))).post("/judgements"), 400));
        cases.add(new Case("101 context passages", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", "q", "context", Collections.nCopies(101, Map.of("text", "c"))))
                .post("/variants/{name}/answers", TARGET), 400));
        cases.add(new Case("a context passage over 20000 characters", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", "q", "context", List.of(Map.of("text", longerText))))
                .post("/variants/{name}/answers", TARGET), 400));
        cases.add(new Case("a run name over 255 characters", request -> request.contentType(ContentType.JSON)
                .body(Map.of("name", "r".repeat(256), "corpus", TestCorpora.HANDBOOK, "variants", List.of("builtin-reader")))
                .post("/runs"), 400));
        cases.add(new Case("a run of 10000 variants", request -> request.contentType(ContentType.JSON)
                .body(Map.of("name", "many", "corpus", TestCorpora.HANDBOOK, "variants",
                        IntStream.range(0, 10_000).mapToObj(i -> "variant-" + i).toList())).post("/runs"), 400));
        cases.add(new Case("a variant name of 65 characters", request -> request.contentType(ContentType.JSON)
                .body(variant("v".repeat(65), "http://127.0.0.1:9/v1")).post("/variants"), 400));
        cases.add(new Case("a body over the size limit", request -> request.contentType(ContentType.JSON)
                .body("[\"" + "x".repeat(1_100_000) + "\"]").queryParam("run", runId).post("/batches"), 413));
    }

    private static void nesting(List<Case> cases) {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        String deepObject = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        cases.add(new Case("arrays nested 5000 deep as a run", request -> request.contentType(ContentType.JSON).body(deep)
                .post("/runs"), 400));
        cases.add(new Case("objects nested 5000 deep as a variant", request -> request.contentType(ContentType.JSON)
                .body(deepObject).post("/variants"), 400));
        cases.add(new Case("objects nested 5000 deep as a judgement", request -> request.contentType(ContentType.JSON)
                .body(deepObject).post("/judgements"), 400));
        cases.add(new Case("arrays nested 5000 deep as a batch", request -> request.contentType(ContentType.JSON)
                .queryParam("run", runId).body(deep).post("/batches"), 400));
        cases.add(new Case("objects nested 5000 deep as an experiment", request -> request.contentType(ContentType.JSON)
                .body(deepObject).post("/experiments"), 400));
        cases.add(new Case("metadata nested 5000 deep in a batch question", request -> request.contentType(ContentType.JSON)
                .queryParam("run", runId).body("[{\"id\":\"n\",\"question\":\"q\",\"metadata\":" + deepObject + "}]")
                .post("/batches"), 400));
    }

    private static void wrongTypes(List<Case> cases) {
        Map<String, String> runs = new HashMap<>();
        runs.put("variants as an object", "{\"name\":\"t\",\"corpus\":\"handbook\",\"variants\":{\"a\":1}}");
        runs.put("name as an array", "{\"name\":[\"t\"],\"corpus\":\"handbook\",\"variants\":[\"builtin-reader\"]}");
        runs.put("name as an object", "{\"name\":{\"a\":1},\"corpus\":\"handbook\",\"variants\":[\"builtin-reader\"]}");
        runs.put("retrievalK as a word", "{\"name\":\"t\",\"corpus\":\"handbook\",\"variants\":[\"builtin-reader\"],\"retrievalK\":\"ten\"}");
        runs.put("retrievalK too large", "{\"name\":\"t\",\"corpus\":\"handbook\",\"variants\":[\"builtin-reader\"],\"retrievalK\":1000000}");
        runs.put("an unknown judge mode", "{\"name\":\"t\",\"corpus\":\"handbook\",\"variants\":[\"builtin-reader\"],\"judgeMode\":\"sideways\"}");
        runs.put("corpus '*'", "{\"name\":\"t\",\"corpus\":\"*\",\"variants\":[\"builtin-reader\"]}");
        runs.put("an array", "[]");
        runs.put("null", "null");
        runs.put("a number", "42");
        runs.put("a string", "\"run\"");
        runs.forEach((kind, body) -> cases.add(new Case("a run with " + kind, request -> request.contentType(ContentType.JSON)
                .body(body).post("/runs"), 400)));
        Map<String, String> variants = new HashMap<>();
        variants.put("maxConcurrentRequests as a word", variantJson().put("maxConcurrentRequests", "lots").encode());
        variants.put("maxConcurrentRequests of a million", variantJson().put("maxConcurrentRequests", 1_000_000).encode());
        variants.put("an unknown role", variantJson().put("role", "boss").encode());
        variants.put("endpoint as a number", variantJson().put("endpoint", 5).encode());
        variants.put("parameters as a list", variantJson().put("parameters", new JsonArray().add(1)).encode());
        variants.forEach((kind, body) -> cases.add(new Case("a variant with " + kind, request -> request
                .contentType(ContentType.JSON).body(body).post("/variants"), 400)));
        cases.add(new Case("a search with k as an object", request -> request.contentType(ContentType.JSON)
                .body("{\"query\":\"refund\",\"k\":{\"a\":1}}").post("/corpora/{id}/search", TestCorpora.HANDBOOK), 400));
        cases.add(new Case("a judgement with the answer as an object", request -> request.contentType(ContentType.JSON)
                .body("{\"question\":\"q\",\"answer\":{\"a\":1}}").post("/judgements"), 400));
        cases.add(new Case("a question for corpus '*'", request -> request.contentType(ContentType.JSON)
                .body(Map.of("question", "q", "corpus", "*")).post("/answers"), 400));
        cases.add(new Case("a batch question for corpus '*'", request -> request.contentType(ContentType.JSON)
                .queryParam("run", runId).body("[{\"id\":\"star\",\"question\":\"q\",\"corpus\":\"*\"}]").post("/batches"), 400));
    }

    private static void malformed(List<Case> cases) {
        cases.add(new Case("an unfinished JSON run", request -> request.contentType(ContentType.JSON).body("{\"name\":")
                .post("/runs"), 400));
        cases.add(new Case("a lone brace as a variant", request -> request.contentType(ContentType.JSON).body("{")
                .post("/variants"), 400));
        cases.add(new Case("an empty run", request -> request.contentType(ContentType.JSON).body("").post("/runs"), 400));
        cases.add(new Case("a run as plain text", request -> request.contentType(ContentType.TEXT).body("name=x")
                .post("/runs"), 415));
        cases.add(new Case("a variant as XML", request -> request.contentType(ContentType.XML).body("<variant/>")
                .post("/variants"), 415));
        cases.add(new Case("a batch that is not JSON", request -> request.contentType(ContentType.JSON)
                .queryParam("run", runId).body("not json").post("/batches"), 400));
        cases.add(new Case("an experiment in broken YAML", request -> request.contentType("application/yaml")
                .body("name: [unclosed\ncorpus: : :".getBytes(StandardCharsets.UTF_8)).post("/experiments"), 400));
        cases.add(new Case("a multipart body with a wrong boundary", request -> request
                .header("Content-Type", "multipart/form-data; boundary=expected")
                .body("--other\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\njsonl\r\n--other--\r\n"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/corpora/{id}/ingestions", "hostile-upload"), 400));
        cases.add(new Case("a multipart body without its file", request -> request.multiPart("format", "jsonl")
                .post("/corpora/{id}/ingestions", "hostile-upload"), 400));
        cases.add(new Case("a multipart body cut short", request -> request
                .header("Content-Type", "multipart/form-data; boundary=b")
                .body("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.jsonl\"\r\n\r\n{\"id\":"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/corpora/{id}/ingestions", "hostile-upload"), 400));
    }

    private static void outOfTheRoot(List<Case> cases) {
        Map<String, Integer> paths = new HashMap<>();
        paths.put("../pom.xml", 403);
        paths.put("/etc/passwd", 403);
        paths.put("nq/../../../etc/passwd", 403);
        paths.put("../no-such-file-anywhere", 403);
        paths.put("no-such-dataset.jsonl", 400);
        paths.forEach((path, status) -> cases.add(new Case("an ingestion of '" + path + "'", request -> request
                .contentType(ContentType.JSON).body(Map.of("format", "jsonl", "path", path))
                .post("/corpora/{id}/ingestions", "hostile-path"), status)));
        cases.add(new Case("an ingestion into corpus '*'", request -> request.contentType(ContentType.JSON)
                .body(Map.of("format", "jsonl", "path", "generic-example.jsonl")).post("/corpora/{id}/ingestions", "*"), 400));
        cases.add(new Case("an ingestion into corpus '..' (no such resource once the path is normalised)", request -> request
                .contentType(ContentType.JSON).body(Map.of("format", "jsonl", "path", "generic-example.jsonl"))
                .post("/corpora/{id}/ingestions", ".."), 404));
    }

    private static void forbiddenEndpoints(List<Case> cases) {
        for (String endpoint : List.of("http://169.254.169.254/latest/meta-data/", "http://169.254.169.254:80/v1",
                "http://10.0.0.1/v1", "http://192.168.1.1/v1", "http://172.16.0.1/v1", "http://[::1]:8080/v1",
                "http://0.0.0.0:8080/v1", "http://127.0.0.3:8080/v1", "http://admin:pw@127.0.0.1:9/v1",
                "file:///etc/passwd", "ftp://127.0.0.1/v1", "gopher://127.0.0.1:6379/_INFO", "http://2130706433/v1",
                "http://metadata.google.internal/computeMetadata/v1")) {
            cases.add(new Case("a variant at " + endpoint, request -> request.contentType(ContentType.JSON)
                    .body(variant("ssrf", endpoint)).post("/variants"), 400));
            cases.add(new Case("the target variant moved to " + endpoint, request -> request.contentType(ContentType.JSON)
                    .body(variant(TARGET, endpoint)).put("/variants/{name}", TARGET), 400));
        }
    }

    private static void secretReferences(List<Case> cases) {
        for (String reference : List.of("config:quarkus.datasource.password", "env:POSTGRES_PASSWORD", "env:PATH",
                "file:/etc/passwd", "file:src/test/resources/secrets/test-variant-key", "secret:unknown",
                "secret:elsewhere-key", "secret:../test-key", "sk-live-0123456789")) {
            JsonObject keyed = variantJson().put("apiKeyRef", reference);
            cases.add(new Case("a variant keyed by " + reference, request -> request.contentType(ContentType.JSON)
                    .body(keyed.copy().put("name", "keyed").encode()).post("/variants"), 400));
            cases.add(new Case("the target variant keyed by " + reference, request -> request.contentType(ContentType.JSON)
                    .body(keyed.copy().put("name", TARGET).put("endpoint", MODELS.baseUrl().toString()).encode())
                    .put("/variants/{name}", TARGET), 400));
        }
    }

    private static void unknownStreams(List<Case> cases) {
        cases.add(new Case("events of an unknown batch", request -> request.get("/batches/{id}/events",
                "00000000-0000-0000-0000-000000000000"), 404));
        cases.add(new Case("events of an unknown corpus's ingestion", request -> request.get("/corpora/{id}/ingestion/events",
                "no-such-corpus"), 404));
        cases.add(new Case("events of an unknown experiment", request -> request.get("/experiments/{id}/events",
                "no-such-experiment"), 404));
    }

    private static Map<String, Object> variant(String name, String endpoint) {
        return Map.of("name", name, "role", "base", "endpoint", endpoint, "model", "m");
    }

    private static JsonObject variantJson() {
        return new JsonObject().put("name", "typed").put("role", "base").put("endpoint", "http://127.0.0.1:9/v1").put("model", "m");
    }

    private static String flip(String signature) {
        char last = signature.charAt(signature.length() - 2);
        return signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A') + signature.charAt(signature.length() - 1);
    }

    private static String payload(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
