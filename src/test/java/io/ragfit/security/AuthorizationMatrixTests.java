package io.ragfit.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.testing.SignedInRestAssured;
import io.ragfit.testing.TestCorpora;
import io.ragfit.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every operation of the OpenAPI document, called by each kind of caller, gets the status its rule says: an
 * operation without a rule here fails, so no endpoint can be added open by mistake. Requests carry ids that
 * exist nowhere and empty bodies: those let in answer 400 or 404, never 401 or 403.
 */
@QuarkusTest
class AuthorizationMatrixTests {

    /** Callers, each with the roles of the one before and one more. */
    enum Caller {
        ANONYMOUS(null), NO_ROLE("norole"), VIEWER("viewer"), EVALUATOR("evaluator"), ADMIN("admin");

        final String user;

        Caller(String user) {
            this.user = user;
        }
    }

    /** The least caller each operation lets in. */
    private static final Map<String, Caller> RULES = Map.ofEntries(
            Map.entry("GET /audit", Caller.ADMIN),
            Map.entry("GET /batches/{id}", Caller.VIEWER),
            Map.entry("GET /batches/{id}/events", Caller.VIEWER),
            Map.entry("GET /batches/{id}/results", Caller.VIEWER),
            Map.entry("POST /batches", Caller.EVALUATOR),
            Map.entry("POST /batches/{id}/retry", Caller.EVALUATOR),
            Map.entry("DELETE /batches/{id}", Caller.ADMIN),
            Map.entry("GET /corpora", Caller.VIEWER),
            Map.entry("GET /corpora/{id}", Caller.VIEWER),
            Map.entry("GET /corpora/{id}/ingestion", Caller.VIEWER),
            Map.entry("GET /corpora/{id}/ingestion/events", Caller.VIEWER),
            Map.entry("POST /corpora/{id}/ingestions", Caller.EVALUATOR),
            Map.entry("POST /corpora/{id}/search", Caller.EVALUATOR),
            Map.entry("DELETE /corpora/{id}", Caller.ADMIN),
            Map.entry("DELETE /corpora/{id}/ingestion", Caller.ADMIN),
            Map.entry("GET /dashboard", Caller.VIEWER),
            Map.entry("GET /dashboard/dashboard.js", Caller.VIEWER),
            Map.entry("GET /dashboard/runs", Caller.VIEWER),
            Map.entry("GET /experiments", Caller.VIEWER),
            Map.entry("GET /experiments/{experiment}", Caller.VIEWER),
            Map.entry("GET /experiments/{experiment}/events", Caller.VIEWER),
            Map.entry("GET /experiments/{experiment}/fine-tuning", Caller.VIEWER),
            Map.entry("GET /experiments/{experiment}/splits", Caller.VIEWER),
            Map.entry("GET /experiments/{experiment}/summary", Caller.VIEWER),
            Map.entry("POST /experiments", Caller.EVALUATOR),
            Map.entry("POST /experiments/{experiment}/fine-tuning", Caller.EVALUATOR),
            Map.entry("POST /experiments/{experiment}/run", Caller.EVALUATOR),
            Map.entry("DELETE /experiments/{experiment}/run", Caller.ADMIN),
            Map.entry("GET /formats", Caller.VIEWER),
            Map.entry("POST /answers", Caller.EVALUATOR),
            Map.entry("POST /judgements", Caller.EVALUATOR),
            Map.entry("GET /runs", Caller.VIEWER),
            Map.entry("GET /runs/{run}", Caller.VIEWER),
            Map.entry("GET /runs/{run}/live", Caller.VIEWER),
            Map.entry("GET /runs/{run}/report", Caller.VIEWER),
            Map.entry("GET /runs/{run}/report/charts/{chart}.svg", Caller.VIEWER),
            Map.entry("GET /runs/{run}/report/csv", Caller.VIEWER),
            Map.entry("GET /runs/{run}/report/json", Caller.VIEWER),
            Map.entry("GET /runs/{run}/results", Caller.VIEWER),
            Map.entry("GET /runs/{run}/results/{question}", Caller.VIEWER),
            Map.entry("POST /runs", Caller.EVALUATOR),
            Map.entry("GET /variants", Caller.VIEWER),
            Map.entry("GET /variants/{name}", Caller.VIEWER),
            Map.entry("POST /variants", Caller.ADMIN),
            Map.entry("PUT /variants/{name}", Caller.ADMIN),
            Map.entry("DELETE /variants/{name}", Caller.ADMIN),
            Map.entry("POST /variants/{name}/check", Caller.ADMIN),
            Map.entry("POST /variants/{name}/answers", Caller.EVALUATOR));

    /** Paths a browser may open: without a token, the caller is sent to the provider's login page. */
    private static boolean browserPath(String path) {
        return path.startsWith("/dashboard") || path.startsWith("/runs/{run}/report");
    }

    /** Every operation of the OpenAPI document, as {@code METHOD /path/{param}}. */
    private static List<String> operations() {
        Map<String, Map<String, Object>> paths = given().auth().oauth2(SignedInRestAssured.tokenOf("viewer"))
                .queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(method -> List.of("get", "post", "put", "delete", "patch").contains(method))
                .forEach(method -> operations.add(method.toUpperCase() + " " + path)));
        return operations;
    }

    /**
     * docs/api.md lists every operation, and no other, each with the least role this matrix gives it: a table row
     * is {@code | `/path?query` | METHOD (body) | role | ...}; path parameters may be named differently.
     */
    @Test
    void theApiReferenceListsEveryOperationWithItsRole() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("docs/api.md"))) {
            if (!line.startsWith("| `/")) {
                continue;
            }
            // cells are split on " | ": a pipe inside a cell is escaped ("\\|")
            String[] cells = line.split(" \\| ");
            String path = cells[0].substring(2).replace("`", "").replaceFirst("\\?.*$", "");
            String operation = cells[1].split("[ (]")[0] + " " + PARAMETER.matcher(path).replaceAll("{}");
            // an operation taking several content types has a row for each, with one role
            String earlier = documented.put(operation, cells[2].strip());
            assertThat(earlier).as("%s: one role in every row of docs/api.md", operation).isIn(null, cells[2].strip());
        }
        Map<String, String> expected = new TreeMap<>();
        for (String operation : operations()) {
            expected.put(PARAMETER.matcher(operation).replaceAll("{}"), RULES.get(operation).name().toLowerCase());
        }
        assertThat(documented).as("docs/api.md against the OpenAPI document and this matrix").isEqualTo(expected);
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}");

    @TestFactory
    Stream<DynamicTest> everyOperationAnswersEachCallerAsItsRuleSays() {
        List<String> operations = operations();
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThanOrEqualTo(RULES.size());
        assertThat(operations).as("every operation has a rule in this matrix, and every rule an operation")
                .containsExactlyInAnyOrderElementsOf(RULES.keySet());
        return operations.stream().sorted().flatMap(operation -> Stream.of(Caller.values())
                .map(caller -> DynamicTest.dynamicTest(operation + " as " + caller, () -> check(operation, caller))));
    }

    @Test
    void shouldLetABatchClientWithItsClientCredentialsTokenSubmitBatchesAndNoMore() {
        String token = TestTokens.batchClient(SignedInRestAssured.realmUrl());
        String run = given().contentType(ContentType.JSON).body(Map.of("name", "client-credentials-" + System.nanoTime(),
                "corpus", TestCorpora.handbook(), "variants", List.of("builtin-reader"))).post("/runs").then().statusCode(201)
                .extract().path("id");

        given().auth().oauth2(token).contentType(ContentType.JSON).queryParam("run", run)
                .body("[{\"id\": \"from-a-client\", \"question\": \"How long does a refund take?\"}]")
                .post("/batches").then().statusCode(202);
        given().auth().oauth2(token).get("/runs/{run}", run).then().statusCode(200);
        given().auth().oauth2(token).delete("/variants/{name}", "builtin-reader").then().statusCode(403);
        given().auth().oauth2(token).get("/audit").then().statusCode(403);
    }

    private static void check(String operation, Caller caller) {
        String method = operation.substring(0, operation.indexOf(' '));
        String template = operation.substring(operation.indexOf(' ') + 1);
        Response response = request(caller).request(method, template.replaceAll("\\{[^}]+}", "matrix-unknown"));
        Caller least = RULES.get(operation);
        if (caller == Caller.ANONYMOUS && browserPath(template)) {
            assertThat(response.statusCode()).as(operation + " without a token: to the login page").isEqualTo(302);
            assertThat(response.header("Location")).startsWith(SignedInRestAssured.realmUrl());
        } else if (caller == Caller.ANONYMOUS) {
            assertThat(response.statusCode()).as(operation + " without a token").isEqualTo(401);
            assertThat(response.jsonPath().getString("error")).contains("authentication required");
        } else if (caller.ordinal() < least.ordinal()) {
            assertThat(response.statusCode()).as(operation + " as " + caller + " (needs " + least + ")").isEqualTo(403);
            assertThat(response.jsonPath().getString("error")).contains("roles do not allow");
        } else {
            // an unknown id or an empty body: the operation itself answers (never a redirect, never a failure)
            assertThat(response.statusCode()).as(operation + " as " + caller + " is let in").isIn(200, 400, 404, 409, 415);
        }
    }

    private static RequestSpecification request(Caller caller) {
        RequestSpecification request = given().redirects().follow(false).contentType(ContentType.JSON).body("{}");
        return caller.user == null ? request.auth().none() : request.auth().oauth2(SignedInRestAssured.tokenOf(caller.user));
    }
}
