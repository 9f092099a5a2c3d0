package io.ragfit.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.restassured.http.ContentType;

/** Corpora the tests retrieve from, ingested once per test run from the files under the corpus root. */
public final class TestCorpora {

    /** The generic JSONL example (a small support handbook). */
    public static final String HANDBOOK = "handbook";

    private TestCorpora() {
    }

    public static synchronized String handbook() {
        if (given().get("/corpora/{id}", HANDBOOK).statusCode() != 200) {
            given().contentType(ContentType.JSON).body(Map.of("format", "jsonl", "path", "generic-example.jsonl"))
                    .post("/corpora/{id}/ingestions", HANDBOOK).then().statusCode(202);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> !given().get("/corpora/{id}/ingestion", HANDBOOK)
                .jsonPath().getString("status").equals("RUNNING"));
        return HANDBOOK;
    }
}
