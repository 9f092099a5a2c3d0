package io.ragfit.results.live;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.live")
public interface LiveConfig {

    /**
     * Most completed questions a live comparison reads, the latest ones: what bounds the cost of
     * {@code GET /runs/{id}/live} and of each refresh of the metrics. Defaults to 10000.
     */
    @WithDefault("10000")
    int maxQuestions();

    /** How often each instance recomputes the live comparisons' gauges for Prometheus. Defaults to 30 s. */
    @WithDefault("30s")
    Duration refreshInterval();
}
