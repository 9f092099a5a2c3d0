package io.ragfit.experiment;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.experiment")
public interface ExperimentConfig {

    /** The folder fine-tuning sets are written under (POST /experiments/{id}/fine-tuning); others are refused. Defaults to {@code exports}. */
    @WithDefault("exports")
    String exportRoot();

    /** How often an experiment's event stream reports. Defaults to 1 s. */
    @WithDefault("1s")
    Duration eventsInterval();
}
