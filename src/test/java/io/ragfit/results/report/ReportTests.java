package io.ragfit.results.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.JudgedRuns;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.TestCorpora;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ReportTests {

    private static final OpenAiDouble MODELS = OpenAiDouble.start(8);
    private static final int QUESTIONS = 8;
    private static String runId;

    @BeforeAll
    static void judgedRun() {
        JudgedRuns.script(MODELS);
    }

    @AfterAll
    static void stopModels() {
        MODELS.close();
    }

    private static synchronized String run() {
        if (runId == null) {
            runId = JudgedRuns.completed(MODELS, "report", QUESTIONS);
        }
        return runId;
    }

    private static JsonPath report(String run) {
        return given().get("/runs/{run}/report/json", run).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldGiveMeansWithIntervalsForEveryVariantAndMetric() {
        JsonPath report = report(run());

        String base = "find { it.variant == 'report-base' && it.metric == 'accuracy' }";
        assertThat(report.getInt("aggregates." + base + ".n")).isEqualTo(QUESTIONS);
        assertThat(report.getDouble("aggregates." + base + ".mean")).isEqualTo(2.0);
        assertThat(report.getDouble("aggregates." + base + ".ciLow")).isLessThanOrEqualTo(2.0);
        assertThat(report.getDouble("aggregates." + base + ".ciHigh")).isGreaterThanOrEqualTo(2.0);
        String tuned = "find { it.variant == 'report-tuned' && it.metric == 'accuracy' }";
        assertThat(report.getDouble("aggregates." + tuned + ".mean")).isEqualTo(4.5);
        assertThat(report.getList("aggregates.findAll { it.kind == 'REFERENCE' }.metric")).contains("token_f1", "rouge_l");
        assertThat(report.getString("label")).as("chat variants and a judge: no embedded-default label").isNull();
        assertThat(report.getList("datasets")).containsExactly(TestCorpora.handbook());
    }

    @Test
    void shouldCompareTheTunedVariantWithItsBaseOnTheSameQuestions() {
        JsonPath report = report(run());

        String accuracy = "comparisons.find { it.metric == 'accuracy' }";
        assertThat(report.getString(accuracy + ".variant")).isEqualTo("report-tuned");
        assertThat(report.getString(accuracy + ".base")).isEqualTo("report-base");
        assertThat(report.getInt(accuracy + ".n")).isEqualTo(QUESTIONS);
        assertThat(report.getDouble(accuracy + ".meanDelta")).isEqualTo(2.5);
        assertThat(report.getInt(accuracy + ".wins")).isEqualTo(QUESTIONS);
        assertThat(report.getInt(accuracy + ".losses")).isZero();
        // eight equal differences: tied ranks, so the normal approximation; W+ = 36, the largest possible
        assertThat(report.getString(accuracy + ".method")).isEqualTo("NORMAL");
        assertThat(report.getDouble(accuracy + ".statistic")).isEqualTo(36.0);
        assertThat(report.getDouble(accuracy + ".pValue")).isLessThan(0.05);
        assertThat(report.getDouble(accuracy + ".pHolm")).isGreaterThanOrEqualTo(report.getDouble(accuracy + ".pValue"));
        List<String> compared = report.getList("comparisons.metric");
        assertThat(compared).contains("accuracy", "completeness", "token_f1");
    }

    @Test
    void shouldMeasureTheJudgesReliability() {
        JsonPath report = report(run());

        String accuracy = "reliability.spread.find { it.criterion == 'accuracy' }";
        assertThat(report.getInt(accuracy + ".answers")).isEqualTo(2 * QUESTIONS);
        // the base's repeats alternate 1 and 3, the tuned variant's 4 and 5
        assertThat(report.getDouble(accuracy + ".shareWideSpread")).isEqualTo(0.5);
        assertThat(report.getList("reliability.correlations.findAll { it.gevalMetric == 'accuracy' }.referenceMetric"))
                .contains("token_f1");
        assertThat(report.getDouble("reliability.correlations.find { it.gevalMetric == 'accuracy' && it.referenceMetric == 'token_f1' }.spearman"))
                .isGreaterThan(0.9);
        assertThat(report.getString("run.scoresHash")).hasSize(16);
        assertThat(report.getString("run.variants.find { it.name == 'report-tuned' }.adapter")).isEqualTo("LoRA r16, 200 examples");
    }

    @Test
    void shouldCompareTheJudgesTwoModesOnTheSameAnswers() {
        String repeatRun = run();
        // a second run of the same questions and variants, judged in logprob mode: 4.5 for every answer
        MODELS.tokenProbabilities(Map.of("4", 0.5, "5", 0.5));
        JudgedRuns.completed(MODELS, "report", QUESTIONS, "logprobs");

        String accuracy = "reliability.modeAgreement.find { it.metric == 'accuracy' }";
        JsonPath report = report(repeatRun);
        assertThat(report.getInt(accuracy + ".answers")).isEqualTo(2 * QUESTIONS);
        // the base: 2.0 in repeat mode against 4.5; the tuned variant: 4.5 in both
        assertThat(report.getDouble(accuracy + ".meanAbsoluteDifference")).isEqualTo(1.25);
        assertThat(report.getDouble(accuracy + ".shareWithinHalfPoint")).isEqualTo(0.5);
    }

    @Test
    void shouldRenderTheReportAsHtmlWithItsCharts() {
        String html = given().accept(ContentType.HTML).get("/runs/{run}/report", run()).then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();

        assertThat(html).contains("<table id=\"comparisons\">", "report-tuned", "report-base", "<svg");
        assertThat(html).doesNotContain("class=\"label\"");
        String chart = given().get("/runs/{run}/report/charts/{chart}.svg", run(),
                "bars-" + TestCorpora.handbook() + "-geval").then().statusCode(200)
                .contentType(containsString("image/svg+xml")).extract().asString();
        assertThat(chart).startsWith("<svg").contains("accuracy", "report-tuned");
        given().get("/runs/{run}/report/charts/{chart}.svg", run(), "no-such-chart").then().statusCode(404)
                .body("error", containsString("no-such-chart"));
    }

    @Test
    void shouldExportTheTablesAsCsv() {
        String aggregates = given().get("/runs/{run}/report/csv", run()).then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        assertThat(aggregates.lines().findFirst()).hasValue("dataset,variant,builtin,metric,kind,n,mean,sd,ci_low,ci_high");
        assertThat(aggregates).contains(",report-tuned,false,accuracy,GEVAL,8,4.5,");

        String scores = given().queryParam("table", "scores").get("/runs/{run}/report/csv", run()).then().statusCode(200)
                .extract().asString();
        assertThat(scores.lines().filter(line -> line.contains(",accuracy,GEVAL,"))).hasSize(2 * QUESTIONS);

        given().queryParam("table", "everything").get("/runs/{run}/report/csv", run()).then().statusCode(400)
                .body("error", containsString("aggregates, comparisons or scores"));
    }

    @Test
    void shouldLabelEmbeddedDefaultsEverywhere() {
        String builtinRun = given().contentType(ContentType.JSON)
                .body(Map.of("name", "report-builtin-" + UUID.randomUUID(), "corpus", TestCorpora.handbook(),
                        "variants", List.of("builtin-reader")))
                .post("/runs").then().statusCode(201).extract().path("id");
        String batch = given().contentType(ContentType.JSON).queryParam("run", builtinRun)
                .body(List.of(Map.of("id", "b1", "question", "How long does a refund take?", "references",
                        List.of("Five working days."))))
                .post("/batches").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> given().get("/batches/{id}", batch).jsonPath().getString("status").equals("COMPLETED"));

        JsonPath report = report(builtinRun);
        assertThat(report.getString("label")).contains("built-in readers", "not from LLMs", "reference metrics only");
        assertThat(report.getList("aggregates.builtin")).isNotEmpty().containsOnly(true);
        given().get("/runs/{run}/report", builtinRun).then().statusCode(200)
                .body(containsString("class=\"label\""), containsString("not from LLMs"));
        assertThat(given().queryParam("table", "scores").get("/runs/{run}/report/csv", builtinRun).asString().lines().skip(1))
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains(",builtin-reader,true,"));
        assertThat(given().get("/runs/{run}/report/charts/{chart}.svg", builtinRun, "bars-" + TestCorpora.handbook() + "-reference")
                .asString()).contains("Embedded defaults");
    }

    @Test
    void shouldRefuseAnUnknownRun() {
        given().get("/runs/{run}/report/json", "no-such-run").then().statusCode(404)
                .body("error", startsWith("no run"));
    }
}
