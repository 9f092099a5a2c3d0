package io.ragfit.embedding;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.embedding")
public interface EmbeddingConfig {

    enum Provider {
        /** bge-small-en-v1.5 (quantized ONNX, 384 dimensions, 512-token input) inside the service, on the CPU. */
        IN_PROCESS,
        /** An OpenAI-compatible {@code /v1/embeddings} endpoint. */
        REMOTE
    }

    /** Which embedder: {@code in-process} or {@code remote}. Defaults to {@code in-process}. */
    @WithDefault("in-process")
    Provider provider();

    /**
     * Text put before each query, never before documents. Defaults to bge's retrieval instruction for the
     * in-process model and to nothing for a remote one.
     */
    Optional<String> queryPrefix();

    /** Threads the in-process model computes on. Defaults to the number of CPUs. */
    OptionalInt inProcessThreads();

    Remote remote();

    interface Remote {

        /** Base URL including {@code /v1}, e.g. {@code http://embeddings:8000/v1}. Required for {@code remote}. */
        Optional<URI> url();

        /** Model id sent in each request. Required for {@code remote}. */
        Optional<String> model();

        /** Sent as a Bearer token; never logged. */
        Optional<String> apiKey();

        /** Vector length the model returns (and the index stores). Required for {@code remote}. */
        OptionalInt dimensions();

        /** Whether to send {@code dimensions} in requests (models that shorten vectors on request). Defaults to false. */
        @WithDefault("false")
        boolean sendDimensions();

        /** Texts per request. Defaults to 64. */
        @WithDefault("64")
        int batchSize();

        /** Requests in flight at once. Defaults to 4. */
        @WithDefault("4")
        int maxConcurrentRequests();

        /** Per attempt. Defaults to 60 s. */
        @WithDefault("60s")
        Duration timeout();

        /** Retries on 429, 5xx and connection failures. Defaults to 5. */
        @WithDefault("5")
        int maxRetries();
    }
}
