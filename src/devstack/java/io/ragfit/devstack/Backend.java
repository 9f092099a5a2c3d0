package io.ragfit.devstack;

import java.util.Map;

/** One running server of the stack. */
interface Backend {

    /** The service configuration that points at this server. */
    Map<String, String> quarkusConfig();

    /** One line for people: what runs where. */
    String summary();

    void stop();
}
