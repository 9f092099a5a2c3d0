package io.ragfit.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.ragfit.testing.OpenAiDouble;

/** The OpenAI-compatible double in a JVM of its own, so that its CPU is not counted as the service's. */
final class ModelDoubleProcess implements AutoCloseable {

    private final Process process;
    private final URI baseUrl;
    private final BenchHttp control;

    private ModelDoubleProcess(Process process, URI baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.control = new BenchHttp(baseUrl.resolve("/"));
    }

    static ModelDoubleProcess start(Path log) throws Exception {
        return start(log, 8);
    }

    /** A double whose embeddings have {@code dimensions} dimensions. */
    static ModelDoubleProcess start(Path log, int dimensions) throws Exception {
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), OpenAiDouble.class.getName(), "0", Integer.toString(dimensions))
                .redirectError(log.toFile())
                .start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        if (line == null || !line.startsWith("listening on ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the model double did not start; see " + log);
        }
        return new ModelDoubleProcess(process, URI.create(line.substring("listening on ".length())));
    }

    URI baseUrl() {
        return baseUrl;
    }

    void latency(Duration latency) {
        control.post("/_double/latency", Map.of("ms", latency.toMillis()), 200);
    }

    /** Calls answered so far, and the most ever in flight at once. */
    JsonNode stats() {
        return control.get("/_double/stats");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
