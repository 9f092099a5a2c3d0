package io.ragfit.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The demos' client of ragfit's HTTP API, signed in with a bearer token, as any user's client would be. */
final class DemoService {

    static final Duration POLL = Duration.ofSeconds(2);
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI service;
    private final String token;

    DemoService(URI service, String token) {
        this.service = service;
        this.token = token;
    }

    /** Ingests a shipped dataset into a corpus, unless an earlier demo did, printing progress. */
    void ingest(String corpus, String format, String file) throws Exception {
        if (send("GET", "/corpora/" + corpus, null, null).statusCode() == 200) {
            JsonNode details = json(send("GET", "/corpora/" + corpus, null, null), 200);
            say("corpus %s: already ingested (%d chunks, %d questions)", corpus, details.path("chunks").asLong(),
                    details.path("questions").asLong());
            return;
        }
        json(send("POST", "/corpora/" + corpus + "/ingestions", "application/json",
                JSON.writeValueAsString(Map.of("format", format, "path", file))), 202);
        JsonNode progress;
        do {
            Thread.sleep(POLL.toMillis());
            progress = json(send("GET", "/corpora/" + corpus + "/ingestion", null, null), 200);
            say("corpus %s: ingesting %s, %d chunks, %d questions, %.0f chunks/s", corpus, file,
                    progress.path("chunks").asLong(), progress.path("questions").asLong(),
                    progress.path("chunksPerSecond").asDouble());
        } while (progress.path("status").asText().equals("RUNNING"));
        if (!progress.path("status").asText().equals("COMPLETED")) {
            throw new IllegalStateException("ingestion of " + file + " ended " + progress);
        }
    }

    /** A shadow run's comparison now ({@code GET /runs/{id}/live}). */
    JsonNode live(String runId) throws IOException, InterruptedException {
        return json(send("GET", "/runs/" + runId + "/live", null, null), 200);
    }

    HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response, int expected) throws IOException {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static void say(String format, Object... args) {
        System.out.println("ragfit demo: " + String.format(Locale.ROOT, format, args));
    }
}
