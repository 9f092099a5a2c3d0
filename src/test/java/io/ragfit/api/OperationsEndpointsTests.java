package io.ragfit.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationsEndpointsTests {

    @Test
    void shouldReportEachBackendReadySeparately() {
        given()
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
    void shouldServeOpenApiSwaggerUiAndPrometheusMetrics() {
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
