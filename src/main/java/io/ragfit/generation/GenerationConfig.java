package io.ragfit.generation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.generation")
public interface GenerationConfig {

    /** A YAML file of variants ({@code variants: [...]}) created or updated at start. */
    Optional<Path> variantsFile();

    /** Per attempt, once the request has its turn. Defaults to 120 s. */
    @WithDefault("120s")
    Duration timeout();

    /** Retries on 429, 5xx, timeouts and connection failures. Defaults to 4. */
    @WithDefault("4")
    int maxRetries();

    /** First retry delay when the server sends no Retry-After; doubled each retry, with full jitter. Defaults to 1 s. */
    @WithDefault("1s")
    Duration backoff();

    /** Longest computed retry delay. Defaults to 30 s. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** Longest Retry-After obeyed. Defaults to 120 s. */
    @WithDefault("120s")
    Duration maxRetryAfter();

    /** Sentences the built-in extractive reader answers with. Defaults to 2. */
    @WithDefault("2")
    int builtinReaderSentences();
}
