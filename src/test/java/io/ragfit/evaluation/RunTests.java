package io.ragfit.evaluation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.store.Database;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Runs as PostgreSQL keeps them: migrated by Flyway, their variants and judge frozen when they are created. */
@QuarkusTest
class RunTests {

    @Inject
    Database database;

    private static void variant(String name, String model) {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "role", "base", "endpoint", "http://127.0.0.1:9/v1", "model", model))
                .post("/variants").then().statusCode(201);
    }

    @Test
    void shouldHaveMigratedTheSchemaWithFlyway() {
        var migrations = database.query("SELECT count(*) AS applied FROM flyway_schema_history WHERE success")
                .await().indefinitely();
        assertThat(migrations.iterator().next().getLong("applied")).isGreaterThanOrEqualTo(7);
    }

    @Test
    void shouldKeepWhatARunAsksWhenItsVariantsChangeLater() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        variant("frozen-" + tag, "model-before");
        variant("frozen-judge-" + tag, "judge-before");
        String runId = given().contentType(ContentType.JSON)
                .body(Map.of("name", "frozen-" + tag, "corpus", "anything", "variants", List.of("frozen-" + tag),
                        "judgeVariant", "frozen-judge-" + tag))
                .post("/runs").then().statusCode(201).extract().path("id");

        given().contentType(ContentType.JSON)
                .body(Map.of("role", "base", "endpoint", "http://127.0.0.1:10/v1", "model", "model-after"))
                .put("/variants/{name}", "frozen-" + tag).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("role", "base", "endpoint", "http://127.0.0.1:10/v1", "model", "judge-after"))
                .put("/variants/{name}", "frozen-judge-" + tag).then().statusCode(200);

        JsonPath run = given().get("/runs/{id}", runId).then().statusCode(200).extract().jsonPath();
        assertThat(run.getString("definitions[0].model")).isEqualTo("model-before");
        assertThat(run.getString("definitions[0].endpoint")).isEqualTo("http://127.0.0.1:9/v1");
        assertThat(run.getString("judgeDefinition.model")).isEqualTo("judge-before");
        assertThat(given().get("/variants/{name}", "frozen-" + tag).jsonPath().getString("model")).isEqualTo("model-after");
    }

    @Test
    void shouldShowNoJudgeSettingsForARunWithoutAJudge() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String runId = given().contentType(ContentType.JSON)
                .body(Map.of("name", "unjudged-" + tag, "corpus", "anything", "variants", List.of("builtin-reader"),
                        "judgeMode", "repeat", "criteria", List.of("accuracy")))
                .post("/runs").then().statusCode(201).extract().path("id");

        Map<String, Object> run = given().get("/runs/{id}", runId).then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(run).containsKeys("variants", "definitions").doesNotContainKeys("judgeVariant", "judgeMode", "criteria",
                "judgeDefinition");
    }

    @Test
    void shouldRefuseARunNamingAVariantTwiceOrTooMany() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "twice-" + UUID.randomUUID(), "variants", List.of("builtin-reader", "builtin-reader")))
                .post("/runs").then().statusCode(400)
                .body("error", containsString("[builtin-reader] are named more than once"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "many-" + UUID.randomUUID(),
                        "variants", IntStream.range(0, 33).mapToObj(i -> "variant-" + i).toList()))
                .post("/runs").then().statusCode(400)
                .body("error", containsString("a run names at most 32 variants, not 33"));
    }
}
