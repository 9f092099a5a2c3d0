package io.ragfit.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.SignedInRestAssured;

@QuarkusTest
class OperationsEndpointsTests {

    @Test
    void shouldReportEachBackendReadySeparatelyToAnyone() {
        given().auth().none()
                .when().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.is("UP"))
                .body("checks.name", hasItems("Kafka", "Elasticsearch", "PostgreSQL"))
                .body("checks.findAll { it.name.contains('Kafka') || it.name.contains('Elasticsearch') "
                        + "|| it.name.contains('PostgreSQL') }.status", org.hamcrest.Matchers.everyItem(
                                org.hamcrest.Matchers.is("UP")));
    }

    @Test
    void shouldServeOpenApiAndPrometheusMetricsToViewersOnly() {
        given().auth().oauth2(SignedInRestAssured.tokenOf("viewer")).get("/q/openapi").then().statusCode(200)
                .body(containsString("openapi"));
        given().auth().oauth2(SignedInRestAssured.tokenOf("viewer")).get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        given().auth().none().get("/q/health/live").then().statusCode(200);
        for (String path : new String[] { "/q/openapi", "/q/metrics", "/q/health", "/q/swagger-ui/" }) {
            given().auth().none().get(path).then().statusCode(401);
            given().auth().oauth2(SignedInRestAssured.tokenOf("norole")).get(path).then().statusCode(403);
        }
    }
}
