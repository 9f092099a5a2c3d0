package io.ragfit.store;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.store")
public interface StoreConfig {

    /** Longest wait for one statement or transaction before the database counts as unavailable. Defaults to 10 s. */
    @WithDefault("10s")
    Duration timeout();

    /** How often an instance tells the others it is alive. Defaults to 5 s. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /**
     * How long an instance may stay silent before the work it leased is taken over by another. Defaults to
     * 20 s: four heartbeats.
     */
    @WithDefault("20s")
    Duration leaseTtl();
}
