package io.ragfit.pipeline;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.common.annotation.Identifier;

/**
 * How ragfit's own Kafka clients (the outbox relay, readiness) reach the broker: the same {@code kafka.*} settings
 * as the messaging channels, bootstrap servers and security (TLS, SASL) alike.
 */
@ApplicationScoped
class KafkaConnection {

    private final Map<String, Object> settings = new HashMap<>();

    @Inject
    KafkaConnection(@Identifier("default-kafka-broker") Map<String, Object> defaults) {
        defaults.forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.equals("security.protocol") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                settings.put(key, value);
            }
        });
    }

    /** The settings to start a client's configuration from. */
    Map<String, Object> settings() {
        return new HashMap<>(settings);
    }
}
