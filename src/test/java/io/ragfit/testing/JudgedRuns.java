package io.ragfit.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;

/**
 * A run whose numbers are known in advance, for report tests: a base and a variant fine-tuned from it, on an
 * OpenAI-compatible double, judged in repeat mode. The base says "about a week" and its judge samples alternate
 * 1 and 3 (mean 2, repeats two points apart); the tuned variant gives the reference answer and its samples
 * alternate 4 and 5 (mean 4.5).
 */
public final class JudgedRuns {

    public static final String TUNED_ANSWER = "Refunds arrive within five working days.";
    public static final String BASE_ANSWER = "Refunds take about a week.";
    private static final String STEPS = "1. Compare the answer with the context.\n2. Score it.";

    private JudgedRuns() {
    }

    /** Points the double's replies at the roles above. */
    public static void script(OpenAiDouble models) {
        AtomicInteger baseSamples = new AtomicInteger();
        AtomicInteger tunedSamples = new AtomicInteger();
        models.answerWith(request -> {
            String model = request.getString("model");
            String prompt = request.getJsonArray("messages").getJsonObject(0).getString("content");
            if (prompt.endsWith("Evaluation Steps:")) {
                return STEPS;
            }
            if (model.endsWith("-base-model")) {
                return BASE_ANSWER;
            }
            if (model.endsWith("-tuned-model")) {
                return TUNED_ANSWER;
            }
            return prompt.contains(BASE_ANSWER) ? (baseSamples.getAndIncrement() % 2 == 0 ? "1" : "3")
                    : (tunedSamples.getAndIncrement() % 2 == 0 ? "4" : "5");
        });
    }

    /** Registers {@code <prefix>-base}, {@code <prefix>-tuned} and {@code <prefix>-judge}, runs the questions, waits. */
    public static String completed(OpenAiDouble models, String prefix, int questions) {
        return completed(models, prefix, questions, "repeat");
    }

    /** The same, judged in the given mode ({@code repeat} or {@code logprobs}). */
    public static String completed(OpenAiDouble models, String prefix, int questions, String judgeMode) {
        return completed(models, prefix, questions, judgeMode, null);
    }

    /** The same as a shadow comparison of the tuned variant against the base as production (no sampling). */
    public static String shadowCompleted(OpenAiDouble models, String prefix, int questions) {
        return completed(models, prefix, questions, "repeat", Map.of("production", prefix + "-base", "window", 10,
                "thresholds", Map.of("accuracy", 4.0)));
    }

    private static String completed(OpenAiDouble models, String prefix, int questions, String judgeMode,
            Map<String, Object> shadow) {
        DoubledVariants.base(models, prefix + "-base", prefix + "-base-model");
        DoubledVariants.register(models, prefix + "-tuned", prefix + "-tuned-model", Map.of("role", "fine-tuned",
                "baseVariant", prefix + "-base",
                "fineTuning", Map.of("trainSize", 200, "method", "lora", "loraRank", 16)));
        DoubledVariants.base(models, prefix + "-judge", prefix + "-judge-model");
        Map<String, Object> run = new HashMap<>(Map.of("name", prefix + "-" + UUID.randomUUID(), "corpus", TestCorpora.handbook(),
                "variants", List.of(prefix + "-base", prefix + "-tuned"), "judgeVariant", prefix + "-judge",
                "judgeMode", judgeMode));
        if (shadow != null) {
            run.put("shadow", shadow);
        }
        String runId = given().contentType(ContentType.JSON).body(run)
                .post("/runs").then().statusCode(201).extract().path("id");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < questions; i++) {
            batch.add(Map.of("id", "q" + i, "question", "How long does a refund take?", "references",
                    List.of("Five working days.")));
        }
        String batchId = given().contentType(ContentType.JSON).queryParam("run", runId).body(batch)
                .post("/batches").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofMinutes(2)).until(() -> given().get("/batches/{id}", batchId).jsonPath()
                .getString("status").equals("COMPLETED"));
        return runId;
    }
}
