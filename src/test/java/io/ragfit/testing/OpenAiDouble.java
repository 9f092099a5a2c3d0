package io.ragfit.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An OpenAI-compatible HTTP server for tests and benchmarks, standing in for GPU inference pods (no model
 * weights can be had here). It speaks the protocol faithfully: JSON bodies as vLLM and OpenAI return them,
 * {@code usage}, real status codes with OpenAI-style error bodies, {@code Retry-After}. Tests script
 * faults for the next requests, add latency, and read what it received and how many requests were in
 * flight at once. Benchmarks run it in a process of its own ({@link #main}), so that its CPU is not the
 * service's, and steer it over HTTP: {@code POST /_double/latency {"ms"}}, {@code GET /_double/stats}.
 */
public final class OpenAiDouble implements AutoCloseable {

    /** What the next request gets instead of a normal answer. */
    public record Fault(int status, Map<String, String> headers, Duration delay) {

        public static Fault status(int status) {
            return new Fault(status, Map.of(), Duration.ZERO);
        }

        public static Fault tooManyRequests(long retryAfterSeconds) {
            return new Fault(429, Map.of("Retry-After", Long.toString(retryAfterSeconds)), Duration.ZERO);
        }

        /** Answers normally, but only after {@code delay}. */
        public static Fault slow(Duration delay) {
            return new Fault(200, Map.of(), delay);
        }
    }

    /** A request as the double received it ({@code traceparent}: its W3C trace context header, if any). */
    public record Received(String method, String path, String authorization, JsonObject body, long atNanos,
            String traceparent) {
    }

    private record Refusal(int status, String message) {
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final int dimensions;
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean recording = true;
    private volatile Duration latency = Duration.ZERO;
    private final Map<String, String> models = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.util.function.Function<JsonObject, String> answers = request ->
            "An answer from " + request.getString("model") + ".";
    private volatile Map<String, Double> tokenProbabilities;
    private volatile boolean ignoresN;
    private final Map<String, Refusal> refused = new java.util.concurrent.ConcurrentHashMap<>();

    private final String host;

    private OpenAiDouble(int dimensions, String host, int port) {
        this.dimensions = dimensions;
        this.host = host;
        this.vertx = Vertx.vertx();
        this.server = vertx.createHttpServer().requestHandler(this::handle);
        await(server.listen(port, host).toCompletionStage().toCompletableFuture());
    }

    /** A double whose embeddings have {@code dimensions} dimensions. */
    public static OpenAiDouble start(int dimensions) {
        return new OpenAiDouble(dimensions, "127.0.0.1", 0);
    }

    /** A double listening on another loopback address (one the service may be forbidden to reach). */
    public static OpenAiDouble startOn(String host) {
        return new OpenAiDouble(8, host, 0);
    }

    /** Base URL as clients are configured with it, {@code /v1} included. */
    public URI baseUrl() {
        return URI.create("http://" + host + ":" + server.actualPort() + "/v1");
    }

    /** The next requests, one each, get these faults in order. */
    public OpenAiDouble fail(Fault... next) {
        faults.addAll(List.of(next));
        return this;
    }

    /** Every answer takes at least this long. */
    public OpenAiDouble latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** {@code GET /v1/models} lists this model; {@code parent} names a LoRA adapter's base, as vLLM does. */
    public OpenAiDouble serve(String model, String parent) {
        models.put(model, parent == null ? "" : parent);
        return this;
    }

    /** What chat completions answer, from the request body. */
    public OpenAiDouble answerWith(java.util.function.Function<JsonObject, String> answers) {
        this.answers = answers;
        return this;
    }

    /**
     * When a request asks for {@code logprobs}, answer the most probable of these tokens with its
     * {@code top_logprobs}; without them the double omits log probabilities, as some servers do.
     */
    public OpenAiDouble tokenProbabilities(Map<String, Double> probabilities) {
        this.tokenProbabilities = probabilities;
        return this;
    }

    /**
     * Chat completions for {@code model} get {@code status} every time, with an OpenAI-style error body: a 404,
     * say, as vLLM answers for a model it does not serve.
     */
    public OpenAiDouble refuse(String model, int status) {
        return refuse(model, status, "The model `" + model + "` does not exist.");
    }

    /** As {@link #refuse(String, int)}, the error body saying {@code message}. */
    public OpenAiDouble refuse(String model, int status, String message) {
        refused.put(model, new Refusal(status, message));
        return this;
    }

    /** Answer one choice whatever {@code n} asks for, as TGI does. */
    public OpenAiDouble ignoreN() {
        this.ignoresN = true;
        return this;
    }

    /** The chat completion requests received, bodies as sent. */
    public List<Received> chatRequests() {
        return received.stream().filter(request -> request.path().endsWith("/chat/completions")).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void reset() {
        faults.clear();
        received.clear();
        maxInFlight.set(inFlight.get());
        latency = Duration.ZERO;
        models.clear();
        answers = request -> "An answer from " + request.getString("model") + ".";
        tokenProbabilities = null;
        ignoresN = false;
        refused.clear();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(buffer -> {
            JsonObject body = buffer.length() == 0 ? new JsonObject()
                    : new JsonObject(buffer.toString(StandardCharsets.UTF_8));
            if (request.path().startsWith("/_double/")) {
                control(request, body);
                return;
            }
            calls.incrementAndGet();
            if (recording) {
                received.add(new Received(request.method().name(), request.path(), request.getHeader("Authorization"),
                        body, System.nanoTime(), request.getHeader("traceparent")));
            }
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            Fault fault = faults.poll();
            long delay = Math.max(latency.toMillis(), fault == null ? 0 : fault.delay().toMillis());
            Runnable answer = () -> {
                inFlight.decrementAndGet();
                if (fault != null && fault.status() != 200) {
                    fault.headers().forEach(request.response()::putHeader);
                    send(request, fault.status(), error(fault.status()));
                } else {
                    route(request, body);
                }
            };
            if (delay > 0) {
                vertx.setTimer(delay, timer -> answer.run());
            } else {
                answer.run();
            }
        });
    }

    /** The benchmark's steering: latency, and what the double saw (calls answered, most in flight at once). */
    private void control(HttpServerRequest request, JsonObject body) {
        switch (request.method().name() + " " + request.path()) {
            case "POST /_double/latency" -> {
                latency = Duration.ofMillis(body.getLong("ms", 0L));
                send(request, 200, new JsonObject());
            }
            case "GET /_double/stats" -> send(request, 200, new JsonObject().put("calls", calls.get())
                    .put("maxInFlight", maxInFlight.get()));
            default -> send(request, 404, error(404));
        }
    }

    /**
     * A double in a process of its own, for benchmarks: {@code PORT} (0: any free one) and {@code DIMENSIONS} of its
     * embeddings (8 unless given), answering judge prompts with a score of 4 at probability 0.6 and 5 at 0.4,
     * recording nothing; prints its base URL once it listens.
     */
    public static void main(String[] args) {
        OpenAiDouble standalone = new OpenAiDouble(args.length > 1 ? Integer.parseInt(args[1]) : 8, "127.0.0.1",
                args.length > 0 ? Integer.parseInt(args[0]) : 0)
                .tokenProbabilities(Map.of("4", 0.6, "5", 0.4));
        standalone.recording = false;
        System.out.println("listening on " + standalone.baseUrl());
    }

    private void route(HttpServerRequest request, JsonObject body) {
        switch (request.method().name() + " " + request.path()) {
            case "POST /v1/embeddings" -> send(request, 200, embeddings(body));
            case "POST /v1/chat/completions" -> {
                Refusal refusal = refused.get(body.getString("model", ""));
                if (refusal == null) {
                    send(request, 200, chat(body));
                } else {
                    send(request, refusal.status(), new JsonObject().put("error", new JsonObject()
                            .put("message", refusal.message()).put("type", "NotFoundError").put("code", refusal.status())));
                }
            }
            case "GET /v1/models" -> send(request, 200, models());
            default -> send(request, 404, new JsonObject().put("error", new JsonObject()
                    .put("message", "no route " + request.method() + " " + request.path())
                    .put("type", "invalid_request_error")));
        }
    }

    private JsonObject embeddings(JsonObject body) {
        JsonArray input = body.getValue("input") instanceof JsonArray array ? array : new JsonArray().add(body.getString("input"));
        JsonArray data = new JsonArray();
        int tokens = 0;
        for (int i = 0; i < input.size(); i++) {
            String text = input.getString(i);
            tokens += text.split("\\s+").length;
            data.add(new JsonObject().put("object", "embedding").put("index", i).put("embedding", vector(text)));
        }
        return new JsonObject()
                .put("object", "list")
                .put("data", data)
                .put("model", body.getString("model"))
                .put("usage", new JsonObject().put("prompt_tokens", tokens).put("total_tokens", tokens));
    }

    private JsonObject chat(JsonObject body) {
        JsonArray choices = new JsonArray();
        int promptTokens = 0;
        for (Object message : body.getJsonArray("messages", new JsonArray())) {
            promptTokens += ((JsonObject) message).getString("content", "").split("\\s+").length;
        }
        int completionTokens = 0;
        Map<String, Double> probabilities = tokenProbabilities;
        boolean withLogprobs = body.getBoolean("logprobs", false) && probabilities != null;
        int n = ignoresN ? 1 : body.getInteger("n", 1);
        for (int i = 0; i < n; i++) {
            String content = withLogprobs ? mostProbable(probabilities) : answers.apply(body);
            completionTokens += content.split("\\s+").length;
            JsonObject choice = new JsonObject()
                    .put("index", i)
                    .put("message", new JsonObject().put("role", "assistant").put("content", content))
                    .put("finish_reason", "stop");
            if (withLogprobs) {
                choice.put("logprobs", logprobs(content, probabilities, body.getInteger("top_logprobs", 5)));
            }
            choices.add(choice);
        }
        return new JsonObject()
                .put("id", "chatcmpl-" + received.size())
                .put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", body.getString("model"))
                .put("choices", choices)
                .put("usage", new JsonObject()
                        .put("prompt_tokens", promptTokens)
                        .put("completion_tokens", completionTokens)
                        .put("total_tokens", promptTokens + completionTokens));
    }

    private static String mostProbable(Map<String, Double> probabilities) {
        return probabilities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static JsonObject logprobs(String token, Map<String, Double> probabilities, int top) {
        JsonArray alternatives = new JsonArray();
        probabilities.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .forEach(entry -> alternatives.add(new JsonObject().put("token", entry.getKey())
                        .put("logprob", Math.log(entry.getValue()))));
        return new JsonObject().put("content", new JsonArray().add(new JsonObject()
                .put("token", token)
                .put("logprob", Math.log(probabilities.get(token)))
                .put("top_logprobs", alternatives)));
    }

    private JsonObject models() {
        JsonArray data = new JsonArray();
        models.forEach((id, parent) -> {
            JsonObject model = new JsonObject().put("id", id).put("object", "model").put("owned_by", "vllm");
            if (!parent.isEmpty()) {
                model.put("parent", parent).put("root", parent);
            }
            data.add(model);
        });
        return new JsonObject().put("object", "list").put("data", data);
    }

    /** A deterministic unit vector: words hashed into buckets, so texts sharing words are close. */
    private JsonArray vector(String text) {
        double[] values = new double[dimensions];
        for (String word : text.toLowerCase().split("\\W+")) {
            if (!word.isEmpty()) {
                values[Math.floorMod(word.hashCode(), dimensions)] += 1;
            }
        }
        double norm = Math.sqrt(java.util.Arrays.stream(values).map(v -> v * v).sum());
        JsonArray vector = new JsonArray();
        for (double value : values) {
            vector.add(norm == 0 ? 1.0 / Math.sqrt(dimensions) : value / norm);
        }
        return vector;
    }

    private static JsonObject error(int status) {
        String type = status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
        return new JsonObject().put("error", new JsonObject()
                .put("message", "scripted failure " + status)
                .put("type", type)
                .put("code", status));
    }

    private static void send(HttpServerRequest request, int status, JsonObject body) {
        request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    @Override
    public void close() {
        await(server.close().toCompletionStage().toCompletableFuture());
        await(vertx.close().toCompletionStage().toCompletableFuture());
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("OpenAI double: " + e.getMessage(), e);
        }
    }
}
