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

    /** The Qasper sample: 5 papers, 33 questions. */
    public static final String QASPER = "qasper-sample";

    public static String handbook() {
        return ingested(HANDBOOK, "jsonl", "generic-example.jsonl");
    }

    public static String qasper() {
        return ingested(QASPER, "qasper-hf", "qasper-hf-layout-sample.jsonl");
    }

    private static synchronized String ingested(String corpus, String format, String file) {
        if (given().get("/corpora/{id}", corpus).statusCode() != 200) {
            given().contentType(ContentType.JSON).body(Map.of("format", format, "path", file))
                    .post("/corpora/{id}/ingestions", corpus).then().statusCode(202);
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> !given().get("/corpora/{id}/ingestion", corpus)
                .jsonPath().getString("status").equals("RUNNING"));
        return corpus;
    }
}
