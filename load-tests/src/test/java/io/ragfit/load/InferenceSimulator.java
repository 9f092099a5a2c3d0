package io.ragfit.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible inference server without a model, for load tests: {@code POST /v1/chat/completions}
 * answers after {@code latency + completion tokens / tokens per second}, fails a share of calls with 429 or 503
 * and a {@code Retry-After}, reports {@code usage}, honours {@code n}, and returns {@code logprobs} over the
 * scale's points when asked (the judge's logprob mode). No streaming: ragfit does not stream.
 */
final class InferenceSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "Refunds arrive within five working days of the return being received, by the original"
            + " payment method, as the handbook says.";

    private final HttpServer server;
    private final long latencyMs;
    private final double tokensPerSecond;
    private final double errorRate;
    final AtomicLong calls = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    private InferenceSimulator(HttpServer server, long latencyMs, double tokensPerSecond, double errorRate) {
        this.server = server;
        this.latencyMs = latencyMs;
        this.tokensPerSecond = tokensPerSecond;
        this.errorRate = errorRate;
    }

    static InferenceSimulator start(long latencyMs, double tokensPerSecond, double errorRate) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            InferenceSimulator simulator = new InferenceSimulator(server, latencyMs, tokensPerSecond, errorRate);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/v1/", simulator::handle);
            server.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            if (route.equals("GET /v1/models")) {
                send(exchange, 200, Map.of("object", "list", "data", List.of(Map.of("id", "simulated", "object", "model"))));
                return;
            }
            if (!route.equals("POST /v1/chat/completions")) {
                send(exchange, 404, error("no route " + route, "invalid_request_error"));
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            calls.incrementAndGet();
            if (request.path("stream").asBoolean(false)) {
                send(exchange, 400, error("this simulator does not stream", "invalid_request_error"));
                return;
            }
            if (ThreadLocalRandom.current().nextDouble() < errorRate) {
                errors.incrementAndGet();
                boolean overloaded = ThreadLocalRandom.current().nextBoolean();
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, overloaded ? 503 : 429, error(overloaded ? "overloaded" : "rate limited",
                        overloaded ? "server_error" : "rate_limit_error"));
                return;
            }
            boolean logprobs = request.path("logprobs").asBoolean(false);
            int n = request.path("n").asInt(1);
            String content = logprobs ? "4" : ANSWER;
            int completionTokens = n * words(content);
            Thread.sleep(latencyMs + Math.round(completionTokens * 1000 / tokensPerSecond));
            List<Map<String, Object>> choices = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("index", i);
                choice.put("message", Map.of("role", "assistant", "content", content));
                choice.put("finish_reason", "stop");
                if (logprobs) {
                    choice.put("logprobs", Map.of("content", List.of(Map.of("token", "4", "logprob", Math.log(0.6),
                            "top_logprobs", List.of(Map.of("token", "4", "logprob", Math.log(0.6)),
                                    Map.of("token", "5", "logprob", Math.log(0.3)),
                                    Map.of("token", "3", "logprob", Math.log(0.1)))))));
                }
                choices.add(choice);
            }
            int promptTokens = 0;
            for (JsonNode message : request.path("messages")) {
                promptTokens += words(message.path("content").asText());
            }
            send(exchange, 200, Map.of("id", "chatcmpl-" + calls.get(), "object", "chat.completion",
                    "created", System.currentTimeMillis() / 1000, "model", request.path("model").asText(), "choices", choices,
                    "usage", Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                            "total_tokens", promptTokens + completionTokens)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }

    private static Map<String, Object> error(String message, String type) {
        return Map.of("error", Map.of("message", message, "type", type));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
