package io.ragfit.results.report;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.report")
public interface ReportConfig {

    /** Resamples per bootstrap interval. */
    @WithDefault("2000")
    int bootstrapResamples();

    /** Seeds every bootstrap, so a report computed twice gives the same intervals. */
    @WithDefault("42")
    long seed();
}
