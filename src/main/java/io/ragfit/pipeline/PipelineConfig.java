package io.ragfit.pipeline;

import java.time.Duration;
import java.util.List;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.pipeline")
public interface PipelineConfig {

    /** Questions one instance works on at once; the consumer takes no more until one ends. Defaults to 32. */
    @WithDefault("32")
    int maxInFlight();

    /** Longest question accepted, in characters (longer ones are dead-lettered, or refused in a batch). Defaults to 4000. */
    @WithDefault("4000")
    int maxQuestionLength();

    /** Variants that answer live questions (those with no run). Defaults to the built-in reader. */
    @WithDefault("builtin-reader")
    List<String> liveVariants();

    /** Attempts at a question whose storage or retrieval fails, before it is dead-lettered. Defaults to 5. */
    @WithDefault("5")
    int attempts();

    /** First wait between those attempts, doubled each time. Defaults to 1 s. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Most questions in one HTTP batch. Defaults to 10000. */
    @WithDefault("10000")
    int maxBatchQuestions();

    /**
     * Largest HTTP batch body. Defaults to 32M. (quarkus.http.limits.max-body-size, 512M, caps every body
     * first.)
     */
    @WithDefault("32M")
    MemorySize maxBatchSize();

    /** How often a batch's event stream looks for progress and new results. Defaults to 1 s. */
    @WithDefault("1s")
    Duration eventsInterval();
}
