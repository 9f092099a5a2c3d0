package io.ragfit.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With an OTLP endpoint configured, spans are exported to it (OTLP over HTTP, protobuf). */
@QuarkusTest
@TestProfile(OtlpExportTests.WithCollector.class)
class OtlpExportTests {

    private static final String COLLECTOR_PORT = "ragfit.test.otlp-collector-port";

    public static class WithCollector implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + collectorPort(),
                    "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                    "quarkus.otel.bsp.schedule.delay", "200ms");
        }
    }

    @Test
    void shouldExportTheSpansOfARequestToTheConfiguredCollector() {
        given().get("/variants").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received())
                // an export of the service's spans, the request's among them (protobuf strings are plain bytes)
                .contains("POST /v1/traces application/x-protobuf").contains("ragfit").contains("GET /variants"));
    }

    /** What the collector received so far: a line per export (method, path, content type), then its body. */
    private static String received() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + collectorPort() + "/_received")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        return response.body();
    }

    /**
     * The port of a collector double, started once per test JVM: the profile and the test may live in two class
     * loaders, which share system properties only.
     */
    private static synchronized int collectorPort() {
        String port = System.getProperty(COLLECTOR_PORT);
        if (port != null) {
            return Integer.parseInt(port);
        }
        try {
            StringBuffer exports = new StringBuffer();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] answer = new byte[0];
                if (exchange.getRequestURI().getPath().equals("/_received")) {
                    answer = exports.toString().getBytes(StandardCharsets.ISO_8859_1);
                } else {
                    exports.append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI().getPath())
                            .append(' ').append(exchange.getRequestHeaders().getFirst("Content-Type")).append('\n')
                            .append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1))
                            .append('\n');
                }
                exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "otlp-collector-stop"));
            System.setProperty(COLLECTOR_PORT, String.valueOf(server.getAddress().getPort()));
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
