package io.ragfit.results.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.evaluation.ShadowSpec;
import io.ragfit.testing.DoubledVariants;
import io.ragfit.testing.KafkaTopics;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.TestCorpora;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * Shadow comparisons on live questions through the real broker, Elasticsearch and PostgreSQL: a candidate the
 * judge scores higher than production is called better within a bounded number of questions, an identical one
 * stays undecided, sampling keeps exactly the questions its hash picks, and the metrics say so to Prometheus.
 */
@QuarkusTest
class ShadowRunTests {

    private static final OpenAiDouble DOUBLE = OpenAiDouble.start(8);
    private static final String STEPS = "1. Compare the answer with the context.\n2. Score it.";
    private static final Pattern CASE = Pattern.compile("\\(case (\\d+)\\)");
    private static final int QUESTIONS = 60;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @AfterAll
    static void stopDouble() {
        DOUBLE.close();
    }

    @BeforeEach
    void answerByModel() {
        DOUBLE.reset();
        DOUBLE.answerWith(ShadowRunTests::reply);
    }

    /**
     * Production (and its identical twin) answer vaguely, the better candidate precisely; the judge scores
     * production's answer to case n 2 + n mod 3 and the candidate's 3 + (n / 3) mod 3: better by 1 on average,
     * not on every question.
     */
    private static String reply(JsonObject request) {
        String prompt = request.getJsonArray("messages").stream().map(message -> ((JsonObject) message).getString("content"))
                .reduce("", String::concat);
        if (prompt.endsWith("Evaluation Steps:")) {
            return STEPS;
        }
        if (prompt.contains("Evaluation Form")) {
            String answer = prompt.substring(prompt.indexOf("Answer:\n\n"), prompt.indexOf("Evaluation Form"));
            int n = caseOf(answer);
            return String.valueOf(answer.contains("five working days") ? 3 + (n / 3) % 3 : 2 + n % 3);
        }
        String text = request.getString("model").equals("live-better-model") ? "Refunds arrive within five working days"
                : "Refunds take a while";
        return text + " (case " + caseOf(prompt) + ").";
    }

    private static int caseOf(String text) {
        Matcher found = CASE.matcher(text);
        if (!found.find()) {
            throw new IllegalStateException("no case number in: " + text);
        }
        return Integer.parseInt(found.group(1));
    }

    private static JsonPath createRun(String name, Map<String, Object> shadow) {
        DoubledVariants.base(DOUBLE, "live-prod", "live-prod-model");
        DoubledVariants.base(DOUBLE, "live-better", "live-better-model");
        DoubledVariants.base(DOUBLE, "live-same", "live-same-model");
        DoubledVariants.base(DOUBLE, "live-judge", "live-judge-model");
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "corpus", TestCorpora.handbook(),
                        "variants", List.of("live-prod", "live-better", "live-same"), "judgeVariant", "live-judge",
                        "judgeMode", "repeat", "criteria", List.of("accuracy"), "shadow", shadow))
                .post("/runs").then().statusCode(201).extract().jsonPath();
    }

    private void send(String runId, String id, int n, String tenant) {
        JsonObject question = new JsonObject().put("schemaVersion", 1).put("id", id).put("runId", runId)
                .put("question", "How long does a refund take to arrive? (case " + n + ")")
                .put("metadata", new JsonObject().put("tenant", tenant));
        new KafkaTopics(bootstrapServers).send("ragfit.questions", id, question.encode());
    }

    private static List<String> completed(String runId) {
        return given().queryParam("limit", 1000).get("/runs/{id}/results", runId).then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.state == 'COMPLETED' }.questionId");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void shouldCallABetterCandidateBetterAndLeaveAnIdenticalOneUndecided() {
        String name = "shadow-" + UUID.randomUUID();
        String runId = createRun(name, Map.of("production", "live-prod", "window", 20, "thresholds", Map.of("accuracy", 4.2)))
                .getString("id");
        for (int n = 0; n < QUESTIONS; n++) {
            send(runId, "live-q" + n, n, "acme");
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> completed(runId).size() == QUESTIONS);

        JsonPath live = given().get("/runs/{id}/live", runId).then().statusCode(200).extract().jsonPath();
        assertThat(live.getString("production")).isEqualTo("live-prod");
        assertThat(live.getList("candidates")).containsExactly("live-better", "live-same");
        assertThat(live.getInt("questions")).isEqualTo(QUESTIONS);
        assertThat(live.getInt("compared")).isEqualTo(QUESTIONS);
        assertThat(live.getBoolean("capped")).isFalse();
        assertThat(live.getList("labels")).isEmpty();
        JsonPath better = JsonPath.from(live.prettify()).setRootPath("comparisons.find { it.candidate == 'live-better' }");
        assertThat(better.getString("metric")).isEqualTo("accuracy");
        assertThat(better.getString("decision")).isEqualTo("BETTER");
        assertThat(better.getInt("n")).isEqualTo(QUESTIONS);
        assertThat(better.getInt("unpaired")).isZero();
        assertThat(better.getInt("decidedAfter")).isBetween(2, QUESTIONS);
        assertThat(better.getString("decidedAt")).isNotNull();
        assertThat(better.getDouble("lower")).isGreaterThan(0);
        assertThat(better.getDouble("estimate")).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.1));
        assertThat(better.getList("changes.decision")).containsExactly("BETTER");
        assertThat(better.getList("trajectory")).hasSizeLessThanOrEqualTo(16).isNotEmpty();
        JsonPath same = JsonPath.from(live.prettify()).setRootPath("comparisons.find { it.candidate == 'live-same' }");
        assertThat(same.getString("decision")).isEqualTo("UNDECIDED");
        assertThat(same.getDouble("estimate")).isZero();
        assertThat(same.getList("changes")).isEmpty();
        // production's accuracy averages 3 over its latest 20: wholly under 4.2; the better candidate's is not
        assertThat(live.getBoolean("drift.find { it.variant == 'live-prod' }.alert")).isTrue();
        assertThat(live.getInt("drift.find { it.variant == 'live-prod' }.n")).isEqualTo(20);
        assertThat(live.getBoolean("drift.find { it.variant == 'live-better' }.alert")).isFalse();

        // the gauges follow, per run, candidate and metric; scores and latencies per variant; no question ids
        String run = Pattern.quote(name);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metrics())
                .containsPattern("ragfit_live_decision\\{candidate=\"live-better\",metric=\"accuracy\",run=\"" + run + "\"} 1\\.0")
                .containsPattern("ragfit_live_decision\\{candidate=\"live-same\",metric=\"accuracy\",run=\"" + run + "\"} 0\\.0")
                .containsPattern("ragfit_live_drift_alert\\{metric=\"accuracy\",run=\"" + run + "\",variant=\"live-prod\"} 1\\.0"));
        String metrics = metrics();
        assertThat(metrics)
                .containsPattern("ragfit_live_questions_total\\{run=\"" + run + "\",sampled=\"true\"} " + QUESTIONS + "\\.0")
                .containsPattern("ragfit_score_count\\{metric=\"accuracy\",run=\"" + run + "\",variant=\"live-better\"} " + QUESTIONS + "\\.0")
                .containsPattern("ragfit_score_bucket\\{metric=\"accuracy\",run=\"" + run + "\",variant=\"live-prod\",le=\"3\\.0\"} 40\\.0")
                .containsPattern("ragfit_answer_latency_seconds_count\\{run=\"" + run + "\",variant=\"live-same\"} " + QUESTIONS + "\\.0")
                .containsPattern("ragfit_answer_tokens_total\\{run=\"" + run + "\",type=\"completion\",variant=\"live-prod\"} ")
                .doesNotContain("live-q");
        // every family the alert rules and the Grafana dashboard name (but failures: none failed here)
        for (String family : LiveMetrics.NAMES) {
            if (!family.equals("ragfit_answer_failures_total")) {
                assertThat(metrics).as(family).containsPattern("\n" + family + "(_count)?\\{[^}]*run=\"" + run + "\"");
            }
        }
    }

    @Test
    void shouldEvaluateOnlyTheQuestionsTheHashOfTheirIdPicksWithAShareByTenant() {
        Map<String, Object> shadow = Map.of("production", "live-prod", "sampleRate", 0.3, "sampleBy", "tenant",
                "sampleRates", Map.of("vip", 1.0));
        String name = "sampled-" + UUID.randomUUID();
        String runId = createRun(name, shadow).getString("id");
        ShadowSpec spec = new ShadowSpec("live-prod", 0.3, "tenant", Map.of("vip", 1.0), null, null, null);
        Set<String> expected = new HashSet<>();
        for (int n = 0; n < 30; n++) {
            String tenant = n % 3 == 0 ? "vip" : "acme";
            String id = "sampled-" + n;
            send(runId, id, n, tenant);
            if (spec.samples(id, Map.of("tenant", tenant))) {
                expected.add(id);
            }
        }
        assertThat(expected).hasSizeBetween(11, 29);
        String run = Pattern.quote(name);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(completed(runId)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(metrics()).containsPattern("ragfit_live_questions_total\\{run=\"" + run + "\",sampled=\"false\"} "
                    + (30 - expected.size()) + "\\.0");
        });
        given().get("/runs/{id}", runId).then().statusCode(200)
                .body("shadow.sampleRate", org.hamcrest.Matchers.equalTo(0.3f), "shadow.alpha", org.hamcrest.Matchers.equalTo(0.05f),
                        "shadow.window", org.hamcrest.Matchers.equalTo(200));
    }

    @Test
    void shouldLabelAComparisonOfBuiltinReadersWithoutAJudgeAsEmbeddedDefaults() {
        if (given().get("/variants/{name}", "terse-reader").statusCode() == 404) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("name", "terse-reader", "role", "base", "kind", "builtin-extractive",
                            "parameters", Map.of("maxTokens", 3)))
                    .post("/variants").then().statusCode(201);
        }
        String runId = given().contentType(ContentType.JSON)
                .body(Map.of("name", "builtin-shadow-" + UUID.randomUUID(), "corpus", TestCorpora.handbook(),
                        "variants", List.of("builtin-reader", "terse-reader"), "shadow", Map.of("production", "builtin-reader")))
                .post("/runs").then().statusCode(201).extract().path("id");
        for (int n = 0; n < 3; n++) {
            JsonObject question = new JsonObject().put("schemaVersion", 1).put("id", "builtin-q" + n).put("runId", runId)
                    .put("question", "How long does a refund take to arrive?")
                    .put("references", new io.vertx.core.json.JsonArray().add("Five working days."));
            new KafkaTopics(bootstrapServers).send("ragfit.questions", "builtin-q" + n, question.encode());
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> completed(runId).size() == 3);

        List<String> terse = given().get("/runs/{id}/results", runId).then().statusCode(200).extract().jsonPath()
                .getList("answers.flatten().findAll { it.variant == 'terse-reader' }.text");
        assertThat(terse).hasSize(3).allSatisfy(text -> assertThat(text.split("\\s+")).hasSizeLessThanOrEqualTo(3));
        JsonPath live = given().get("/runs/{id}/live", runId).then().statusCode(200).extract().jsonPath();
        assertThat(live.getList("labels", String.class)).anySatisfy(label -> assertThat(label).contains("built-in readers"))
                .anySatisfy(label -> assertThat(label).contains("reference metrics only"));
        assertThat(live.getList("comparisons.metric")).contains("token_f1").doesNotContain("accuracy");
    }

    private static void refused(List<String> variants, Map<String, Object> shadow, String reason) {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "refused-" + UUID.randomUUID(), "corpus", TestCorpora.handbook(), "variants", variants,
                        "shadow", shadow))
                .post("/runs").then().statusCode(400).body("error", containsString(reason));
    }

    @Test
    void shouldRefuseAShadowWhoseProductionIsNotAVariantAndALiveViewOfARunWithoutOne() {
        DoubledVariants.base(DOUBLE, "live-prod", "live-prod-model");
        refused(List.of("live-prod"), Map.of("production", "elsewhere"), "'elsewhere' is not one of the run's variants");
        refused(List.of("live-prod"), Map.of("production", "live-prod"), "needs a candidate");
        List<String> two = List.of("live-prod", "builtin-reader");
        refused(two, Map.of("production", "live-prod", "sampleRate", 1.5), "sampleRate");
        refused(two, Map.of("production", "live-prod", "thresholds", Map.of("accuracy", 3.5)),
                "shadow.thresholds names [accuracy]");
        refused(two, Map.of("production", "live-prod", "thresholds", Map.of("token_f1", 3.5)),
                "outside the metric's scale 0.0 to 1.0");
        refused(two, Map.of("production", "live-prod", "threshold", Map.of("token_f1", 0.5)), "has no field \"threshold\"");
        refused(two, Map.of("production", "live-prod", "sampleBy", "tenant"), "sampleBy needs shadow.sampleRates");
        String plain = given().contentType(ContentType.JSON)
                .body(Map.of("name", "plain-" + UUID.randomUUID(), "corpus", TestCorpora.handbook(),
                        "variants", List.of("live-prod")))
                .post("/runs").then().statusCode(201).extract().path("id");
        given().get("/runs/{id}/live", plain).then().statusCode(409).body("error", containsString("compares no candidate"));
        given().get("/runs/{id}/live", UUID.randomUUID()).then().statusCode(404);
    }
}
