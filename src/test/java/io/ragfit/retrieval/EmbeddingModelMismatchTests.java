package io.ragfit.retrieval;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.embedding.EmbeddingModel;
import io.restassured.http.ContentType;

@QuarkusTest
class EmbeddingModelMismatchTests {

    private static final String CORPUS = "foreign-vectors";

    @Inject
    ChunkIndex index;

    @AfterEach
    void deleteIndex() {
        index.delete(CORPUS).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void shouldRefuseToQueryOrFillAnIndexBuiltWithAnotherModel() {
        index.ensure(CORPUS, new IndexSettings(new EmbeddingModel("text-embedding-3-large", 3072), 1500, 0))
                .await().atMost(Duration.ofSeconds(30));

        given().contentType(ContentType.JSON).body(Map.of("query", "anything"))
                .when().post("/corpora/{id}/search", CORPUS)
                .then().statusCode(409)
                .body("error", allOf(containsString("text-embedding-3-large (3072 dimensions)"),
                        containsString("bge-small-en-v1.5-q (384 dimensions)")));
        given().contentType(ContentType.JSON).body(Map.of("format", "jsonl", "path", "generic-example.jsonl"))
                .when().post("/corpora/{id}/ingestions", CORPUS)
                .then().statusCode(409)
                .body("error", containsString("text-embedding-3-large"));
    }
}
