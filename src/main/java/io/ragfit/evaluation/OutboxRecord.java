package io.ragfit.evaluation;

import java.util.Map;

/** A record for Kafka, stored in the outbox with the results it carries until the relay has published it. */
public record OutboxRecord(String topic, String key, String payload, Map<String, String> headers) {
}
