package io.ragfit.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ragfit.devstack.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** REST calls to a packaged service running as a process of its own (the *IT tests and benchmarks). */
public record ServiceClient(ServiceProcess service) {

    public RequestSpecification api() {
        return given().baseUri(service.url().toString()).contentType(ContentType.JSON)
                .auth().oauth2(TestTokens.user(service.oidcRealmUrl(), "demo"));
    }

    /** A chat variant on the model double. */
    public void variant(String name, OpenAiDouble models, int maxConcurrentRequests) {
        api().body(Map.of("name", name, "role", "base", "endpoint", models.baseUrl().toString(), "model", name + "-model",
                "maxConcurrentRequests", maxConcurrentRequests)).post("/variants").then().statusCode(201);
    }

    /** Ingests a file under the corpus root and waits until it has ended. */
    public void ingest(String corpus, String format, String path) {
        api().body(Map.of("format", format, "path", path)).post("/corpora/{id}/ingestions", corpus).then().statusCode(202);
        await().atMost(Duration.ofMinutes(2)).until(() -> !api().get("/corpora/{id}/ingestion", corpus)
                .jsonPath().getString("status").equals("RUNNING"));
    }

    /** A run of these variants on the corpus, judged in logprob mode by the judge; returns its id. */
    public String run(String name, String corpus, List<String> variants, String judge) {
        return api().body(Map.of("name", name, "corpus", corpus, "variants", variants, "judgeVariant", judge,
                "judgeMode", "logprobs")).post("/runs").then().statusCode(201).extract().path("id");
    }

    /** Submits {@code count} questions ({@code prefix0}, {@code prefix1}, ...) as a batch of the run; returns its id. */
    public String batch(String runId, String prefix, int count) {
        JsonArray questions = new JsonArray();
        for (int i = 0; i < count; i++) {
            questions.add(new JsonObject().put("id", prefix + i).put("question", "How long does a refund take?")
                    .put("references", new JsonArray().add("Five working days.")));
        }
        return api().queryParam("run", runId).body(questions.encode()).post("/batches").then().statusCode(202)
                .extract().path("id");
    }

    public JsonPath results(String runId) {
        return api().queryParam("limit", 1000).get("/runs/{id}/results", runId).then().statusCode(200).extract().jsonPath();
    }

    public int inState(String runId, String state) {
        return results(runId).getList("findAll { it.state == '" + state + "' }").size();
    }

    public JsonPath readiness() {
        return api().get("/q/health/ready").then().extract().jsonPath();
    }

    /** The status readiness gives one backend's check: UP or DOWN. */
    public String readinessOf(String check) {
        return readiness().getString("checks.find { it.name == '" + check + "' }.status");
    }
}
