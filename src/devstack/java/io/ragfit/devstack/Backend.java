package io.ragfit.devstack;

import java.time.Duration;
import java.util.Map;

/** One running server of the stack. */
interface Backend {

    /** The name it goes by in the stack: kafka, elasticsearch, postgres. */
    String name();

    /** The service configuration that points at this server. */
    Map<String, String> quarkusConfig();

    /** One line for people: what runs where. */
    String summary();

    void stop();

    /** SIGKILL, as when its node dies: it gets no chance to finish anything. Returns once it is gone. */
    void kill();

    /** Starts it again after {@link #kill()}, on the same ports with the same data, and waits until it is ready. */
    void restart(Duration timeout);
}
