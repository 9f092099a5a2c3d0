package io.ragfit.openai;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

import jakarta.ws.rs.WebApplicationException;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff with full jitter, except when the server said how long to wait: a
 * {@code Retry-After} header (seconds or an HTTP date) on a 429 or 503 is obeyed, up to a cap.
 */
final class RetryAfterBackoff implements CustomBackoffStrategy {

    private final Duration base;
    private final Duration max;
    private final Duration maxRetryAfter;
    private final LongSupplier now;
    private int attempt;

    RetryAfterBackoff(Duration base, Duration max, Duration maxRetryAfter) {
        this(base, max, maxRetryAfter, System::currentTimeMillis);
    }

    RetryAfterBackoff(Duration base, Duration max, Duration maxRetryAfter, LongSupplier now) {
        this.base = base;
        this.max = max;
        this.maxRetryAfter = maxRetryAfter;
        this.now = now;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long exponential = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt++, 20));
        return retryAfter(cause)
                .map(wait -> Math.min(wait.toMillis(), maxRetryAfter.toMillis()))
                .orElseGet(() -> ThreadLocalRandom.current().nextLong(exponential + 1));
    }

    Optional<Duration> retryAfter(Throwable cause) {
        if (!(cause instanceof WebApplicationException http) || http.getResponse() == null) {
            return Optional.empty();
        }
        return parse(http.getResponse().getHeaderString("Retry-After"));
    }

    Optional<Duration> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(Duration.ofMillis(Math.max(0, at.toEpochMilli() - now.getAsLong())));
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }
}
