package io.ragfit.testing;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;

/** Chat variants served by an {@link OpenAiDouble}, registered through the API once per test run. */
public final class DoubledVariants {

    private DoubledVariants() {
    }

    /** A base variant asking the double for {@code model}, unless a variant of that name is registered already. */
    public static void base(OpenAiDouble models, String name, String model) {
        register(models, name, model, Map.of("role", "base"));
    }

    /** The same with more of the definition ({@code role}, {@code baseVariant}, {@code fineTuning}...). */
    public static void register(OpenAiDouble models, String name, String model, Map<String, Object> definition) {
        if (given().get("/variants/{name}", name).statusCode() == 200) {
            return;
        }
        Map<String, Object> body = new HashMap<>(definition);
        body.putAll(Map.of("name", name, "endpoint", models.baseUrl().toString(), "model", model,
                "maxConcurrentRequests", 16));
        given().contentType(ContentType.JSON).body(body).post("/variants").then().statusCode(201);
    }
}
