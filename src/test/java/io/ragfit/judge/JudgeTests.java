package io.ragfit.judge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.OpenAiDouble.Fault;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class JudgeTests {

    private static final OpenAiDouble DOUBLE = OpenAiDouble.start(8);
    private static final String STEPS = "1. Read the question and the context.\n2. Check the answer against the context.";
    private static final AtomicInteger JUDGES = new AtomicInteger();

    @AfterAll
    static void stopDouble() {
        DOUBLE.close();
    }

    @BeforeEach
    void resetDouble() {
        DOUBLE.reset();
    }

    private static boolean asksForSteps(JsonObject request) {
        return request.getJsonArray("messages").getJsonObject(0).getString("content").endsWith("Evaluation Steps:");
    }

    /** Registers a judge with a model name of its own, so that its evaluation steps are written afresh. */
    private static String judge() {
        String name = "judge-" + JUDGES.incrementAndGet();
        given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", "base", "endpoint", DOUBLE.baseUrl().toString(), "model", name + "-model"))
                .post("/variants").then().statusCode(201);
        return name;
    }

    /** The judge writes steps when asked, and otherwise these replies in turn. */
    private static void replies(String... replies) {
        AtomicInteger next = new AtomicInteger();
        DOUBLE.answerWith(request -> asksForSteps(request) ? STEPS : replies[next.getAndIncrement() % replies.length]);
    }

    private static JsonPath evaluate(String judge, String mode, List<String> criteria) {
        Map<String, Object> request = new HashMap<>(Map.of(
                "question", "Who got the first Nobel Prize in physics?",
                "context", List.of("The first Nobel Prize in Physics was awarded in 1901 to Wilhelm Conrad Röntgen."),
                "answer", "Wilhelm Conrad Röntgen, in 1901.",
                "reference", "Wilhelm Conrad Röntgen",
                "criteria", criteria));
        if (judge != null) {
            request.put("judge", judge);
        }
        if (mode != null) {
            request.put("mode", mode);
        }
        return given().contentType(ContentType.JSON).body(request)
                .when().post("/judgements")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    private static List<JsonObject> scoreRequests() {
        return DOUBLE.chatRequests().stream().map(OpenAiDouble.Received::body).filter(body -> !asksForSteps(body)).toList();
    }

    @Test
    void shouldJudgeThroughTheApiWithTheStepsItWroteAndSayWhoJudged() {
        String judge = judge();
        replies("4", "Score: 5", "I am not sure");

        JsonPath judgement = evaluate(judge, "repeat", List.of("accuracy")).setRootPath("geval[0]");

        // replies 4 5 ? 4 5 ? 4 5 ? 4 | 5 ? 4 | 5: ten scores (the scoring itself: GEvalJudgeTests)
        assertThat(judgement.getDouble("score")).isCloseTo(4.5, within(1e-9));
        assertThat(judgement.getInt("validSamples")).isEqualTo(10);
        assertThat(judgement.getList("samples.findAll { it.score == null }.reply")).containsOnly("I am not sure").hasSize(4);
        assertThat(judgement.getInt("requests")).isEqualTo(3);
        assertThat(judgement.getString("mode")).isEqualTo("REPEAT");
        assertThat(judgement.getString("judgeVariant")).isEqualTo(judge);
        assertThat(judgement.getString("judgeModel")).isEqualTo(judge + "-model");
        assertThat(judgement.getString("promptHash")).hasSize(64);
        assertThat(judgement.getString("stepsVersion")).startsWith("generated-");
        assertThat(scoreRequests()).extracting(body -> body.getInteger("n")).containsExactly(10, 3, null);
        assertThat(scoreRequests().getFirst().getJsonArray("messages").getJsonObject(0).getString("content")).contains(STEPS);
    }

    @Test
    void shouldWeightTheScaleByItsLogProbabilitiesInOneCall() {
        String judge = judge();
        replies("4");
        DOUBLE.tokenProbabilities(Map.of("4", 0.6, "5", 0.3, "3", 0.1));

        JsonPath judgement = evaluate(judge, "logprobs", List.of("accuracy")).setRootPath("geval[0]");

        assertThat(judgement.getDouble("score")).isCloseTo(4.2, within(1e-9));
        assertThat(judgement.getMap("distribution")).containsOnlyKeys("3", "4", "5");
        assertThat(judgement.getInt("requests")).isEqualTo(1);
        assertThat(judgement.getString("mode")).isEqualTo("LOGPROBS");
        assertThat((Object) judgement.get("fallback")).isNull();
        JsonObject request = scoreRequests().getFirst();
        assertThat(request.getBoolean("logprobs")).isTrue();
        assertThat(request.getInteger("top_logprobs")).isEqualTo(20);
    }

    @Test
    void shouldWriteEachCriterionsStepsOnceAndReuseThem() {
        String judge = judge();
        replies("4");

        JsonPath first = evaluate(judge, "repeat", List.of("accuracy", "completeness"));
        JsonPath second = evaluate(judge, "repeat", List.of("accuracy", "completeness"));

        assertThat(first.getList("geval.criterion")).containsExactly("accuracy", "completeness");
        assertThat(DOUBLE.chatRequests().stream().map(OpenAiDouble.Received::body).filter(JudgeTests::asksForSteps)).hasSize(2);
        assertThat(second.getList("geval.stepsVersion")).isEqualTo(first.getList("geval.stepsVersion"));
        assertThat(first.getList("geval.score", Double.class)).containsOnly(4.0);
    }

    @Test
    void shouldKeepTheJudgesFailureWithItsReason() {
        String judge = judge();
        replies("4");
        evaluate(judge, "repeat", List.of("accuracy"));
        DOUBLE.fail(Fault.status(503), Fault.status(503), Fault.status(503));

        JsonPath judgement = evaluate(judge, "repeat", List.of("accuracy")).setRootPath("geval[0]");

        assertThat((Object) judgement.get("score")).isNull();
        assertThat(judgement.getString("error")).contains("HTTP 503").contains("3 attempts");
    }

    private static JsonPath referenceOnly(String answer) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("question", "Which organ produces insulin?", "answer", answer,
                        "references", List.of(Map.of("kind", "exact", "text", "pancreas", "synonyms", List.of("pancreatic gland"))),
                        "questionType", "factoid"))
                .post("/judgements").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldComputeReferenceMetricsWithoutAJudge() {
        JsonPath right = referenceOnly("The pancreatic gland.");
        JsonPath wrong = referenceOnly("The liver stores glycogen.");

        assertThat(right.getList("geval")).isEmpty();
        assertThat(right.getString("note")).contains("no judge variant configured");
        assertThat(right.getDouble("reference.exactMatch")).isEqualTo(1.0);
        assertThat(right.getDouble("reference.tokenF1")).isEqualTo(1.0);
        assertThat(right.getDouble("reference.factoidFound")).isEqualTo(1.0);
        assertThat(wrong.getDouble("reference.exactMatch")).isZero();
        assertThat(wrong.getDouble("reference.factoidFound")).isZero();
        assertThat(right.getDouble("reference.semanticSimilarity"))
                .isGreaterThan(wrong.getDouble("reference.semanticSimilarity") + 0.1);
        assertThat(DOUBLE.chatRequests()).isEmpty();
    }

    @Test
    void shouldRefuseUnknownCriteriaAndBuiltInJudges() {
        given().contentType(ContentType.JSON)
                .body(Map.of("question", "q", "answer", "a", "criteria", List.of("fluency"), "judge", judge()))
                .post("/judgements").then().statusCode(400).body("error", containsString("unknown criteria [fluency]"));
        given().contentType(ContentType.JSON)
                .body(Map.of("question", "q", "answer", "a", "judge", "builtin-reader"))
                .post("/judgements").then().statusCode(400).body("error", containsString("built in"));
    }
}
