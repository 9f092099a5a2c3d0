package io.ragfit.bench;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON over HTTP for benchmarks, which drive the service and Elasticsearch from outside. */
final class BenchHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    /** Elasticsearch, which the devstack runs without authentication. */
    BenchHttp(URI base) {
        this(base, null);
    }

    /** ragfit, with a bearer token. */
    BenchHttp(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), 200);
    }

    JsonNode post(String path, Object body, int expectedStatus) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), expectedStatus);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode put(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON body already written, expecting 202 Accepted. */
    JsonNode postAccepted(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), 202);
    }

    /** The body whatever the status (readiness answers 503 when a backend is down). */
    JsonNode getAnyStatus(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), -1);
    }

    /** A POST without a body (Elasticsearch refuses one on some endpoints, such as _refresh). */
    JsonNode post(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()), 200);
    }

    JsonNode postText(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), 200);
    }

    private JsonNode send(HttpRequest.Builder request, int expectedStatus) {
        try {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = client.send(request.timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (expectedStatus >= 0 && response.statusCode() != expectedStatus) {
                throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts an ingestion of a shipped dataset and waits for it to end; returns its final progress. */
    JsonNode ingest(String corpus, String format, String path) {
        post("/corpora/" + corpus + "/ingestions", java.util.Map.of("format", format, "path", path), 202);
        return awaitIngestion(corpus);
    }

    /** Streams a local JSON Lines file to the ingestion endpoint and waits for the ingestion to end. */
    JsonNode ingest(String corpus, String format, Path file) throws FileNotFoundException {
        send(HttpRequest.newBuilder(base.resolve("/corpora/" + corpus + "/ingestions?format=" + format))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofFile(file)), 202);
        return awaitIngestion(corpus);
    }

    /** Polls every half second, printing progress every 10 seconds and at the end. */
    private JsonNode awaitIngestion(String corpus) {
        JsonNode progress;
        boolean running;
        int polls = 0;
        do {
            pause(Duration.ofMillis(500));
            progress = get("/corpora/" + corpus + "/ingestion");
            running = progress.get("status").asText().equals("RUNNING");
            if (!running || polls++ % 20 == 0) {
                System.out.printf("  ingesting %s (%s): %d chunks, %.0f chunks/s%n", corpus,
                        progress.get("source").asText(), progress.get("chunks").asLong(),
                        progress.get("chunksPerSecond").asDouble());
            }
        } while (running);
        if (!progress.get("status").asText().equals("COMPLETED")) {
            throw new IllegalStateException("ingestion ended " + progress);
        }
        return progress;
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
