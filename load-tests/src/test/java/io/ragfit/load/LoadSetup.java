package io.ragfit.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a simulation needs on the running service before it starts: the simulator's variants (a base, a
 * fine-tuned variant of it, a judge), the corpus "load" (the bundled handbook example) and a run of its own.
 * Settings come from system properties, set by {@code ./ragfit load}.
 */
final class LoadSetup {

    static final String SERVICE = System.getProperty("ragfit.url", "http://localhost:8080");
    /** An access token with the evaluator and admin roles (./ragfit load passes the local stack's demo user's). */
    static final String TOKEN = System.getProperty("ragfit.token", "");
    static final String CORPUS = "load";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LoadSetup() {
    }

    static long longProperty(String name, long fallback) {
        return Long.parseLong(System.getProperty(name, Long.toString(fallback)));
    }

    static double doubleProperty(String name, double fallback) {
        return Double.parseDouble(System.getProperty(name, Double.toString(fallback)));
    }

    /** The simulator as configured: {@code sim.latency-ms}, {@code sim.tokens-per-second}, {@code sim.error-rate}. */
    static InferenceSimulator simulator() {
        InferenceSimulator simulator = InferenceSimulator.start(longProperty("sim.latency-ms", 200),
                doubleProperty("sim.tokens-per-second", 400), doubleProperty("sim.error-rate", 0.01));
        System.out.printf("load: inference simulator at %s (latency %s ms, %s tokens/s, error rate %s)%n", simulator.baseUrl(),
                System.getProperty("sim.latency-ms", "200"), System.getProperty("sim.tokens-per-second", "400"),
                System.getProperty("sim.error-rate", "0.01"));
        return simulator;
    }

    /** Registers the variants at the simulator, ingests the corpus if needed, and creates a run: its id. */
    static String prepare(InferenceSimulator simulator, String name) {
        String endpoint = simulator.baseUrl().toString();
        // the simulator's port changes from one load test to the next: variants are re-pointed every time
        variant(Map.of("name", "load-base", "role", "base", "endpoint", endpoint, "model", "load-base-model",
                "maxConcurrentRequests", 64));
        variant(Map.of("name", "load-tuned", "role", "fine-tuned", "baseVariant", "load-base", "endpoint", endpoint,
                "model", "load-tuned-model", "maxConcurrentRequests", 64));
        variant(Map.of("name", "load-judge", "role", "base", "endpoint", endpoint, "model", "load-judge-model",
                "maxConcurrentRequests", 128));
        if (send("GET", "/corpora/" + CORPUS, null).statusCode() == 404) {
            expect(send("POST", "/corpora/" + CORPUS + "/ingestions", Map.of("format", "jsonl", "path", "generic-example.jsonl")), 202);
            while (json(send("GET", "/corpora/" + CORPUS + "/ingestion", null)).path("status").asText().equals("RUNNING")) {
                sleep(Duration.ofMillis(500));
            }
        }
        JsonNode run = json(expect(send("POST", "/runs", Map.of("name", name + "-" + UUID.randomUUID(), "corpus", CORPUS,
                "variants", List.of("load-base", "load-tuned"), "judgeVariant", "load-judge", "judgeMode", "logprobs")), 201));
        System.out.printf("load: run %s (%s) on corpus %s, variants load-base and load-tuned, judge load-judge (logprobs)%n",
                run.path("name").asText(), run.path("id").asText(), CORPUS);
        return run.path("id").asText();
    }

    private static void variant(Map<String, Object> definition) {
        String name = (String) definition.get("name");
        if (send("GET", "/variants/" + name, null).statusCode() == 200) {
            expect(send("PUT", "/variants/" + name, definition), 200);
        } else {
            expect(send("POST", "/variants", definition), 201);
        }
    }

    static HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVICE + path)).timeout(Duration.ofMinutes(1))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TOKEN)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("ragfit at " + SERVICE + " does not answer: start it with ./ragfit up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + response.body(), e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
