package io.ragfit.evaluation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /**
     * The live variant serving users: when set, the live run is a shadow comparison of the other live variants
     * with it (docs/live.md). Unset by default.
     */
    Optional<String> liveProduction();

    /** Share of live questions the live run's shadow comparison evaluates. Defaults to 1. */
    @WithDefault("1")
    double liveSampleRate();

    /** Most variants one run may name. Defaults to 32. */
    @WithDefault("32")
    int maxRunVariants();

    /**
     * First wait before a question meets its backends again after an outage (Elasticsearch, PostgreSQL, a model
     * endpoint); doubled each time, up to 32 times this. Defaults to 1 s.
     */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * How long a question waits out an outage before it ends FAILED with the cause: the same outage, seen
     * again and again without progress. Defaults to 1 h.
     */
    @WithDefault("1h")
    Duration outageHorizon();

    /** How often an instance looks for questions nobody works on (queued in batches, or left by a dead instance). Defaults to 1 s. */
    @WithDefault("1s")
    Duration sweepInterval();

    /** Questions waiting (PENDING) across every instance beyond which new batches are refused (429). Defaults to 100000. */
    @WithDefault("100000")
    int maxPendingQuestions();

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

    /** Longest answer text put on {@code ragfit.answers} (UTF-8 bytes); longer is cut there, marked truncated. Defaults to 64K. */
    @WithDefault("64K")
    MemorySize topicTextLimit();

    /** Topics the results go to. */
    Topics topics();

    interface Topics {

        /** One record per variant's answer. Defaults to {@code ragfit.answers}. */
        @WithDefault("ragfit.answers")
        String answers();

        /** One record per answer and metric. Defaults to {@code ragfit.scores}. */
        @WithDefault("ragfit.scores")
        String scores();

        /** Questions that could not be processed, with the reason. Defaults to {@code ragfit.dead-letter}. */
        @WithDefault("ragfit.dead-letter")
        String deadLetter();
    }
}
