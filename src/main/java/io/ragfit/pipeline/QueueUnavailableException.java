package io.ragfit.pipeline;

/** Kafka did not take questions to process (503). */
public class QueueUnavailableException extends RuntimeException {

    QueueUnavailableException(String message) {
        super(message);
    }
}
