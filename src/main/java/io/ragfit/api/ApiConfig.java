package io.ragfit.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bounds on what one instance serves at once. */
@ConfigMapping(prefix = "ragfit.api")
public interface ApiConfig {

    /** Server-sent event streams open at once on this instance, all clients together. */
    @WithDefault("100")
    int maxEventStreams();

    /** Server-sent event streams one client (token subject) may hold open at once on this instance. */
    @WithDefault("4")
    int maxEventStreamsPerClient();
}
