package io.ragfit.openai;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * Retries with backoff that honours Retry-After, and a circuit breaker, for the calls to one model on one
 * endpoint, through that endpoint's {@link EndpointSlots}. One model failing opens its own breaker, never that
 * of another model served by the same endpoint. A call that finally fails for a cause that may pass (429, 5xx,
 * a timeout, no connection, the breaker open) fails with {@link EndpointUnavailableException}; a refusal (any
 * other 4xx) fails as the endpoint answered it.
 */
public final class ModelGuard {

    /** The breaker as this instance sees it; {@code cause} says what opened it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Breaker(CircuitBreakerState state, String cause, Instant since) {
    }

    private final String endpoint;
    private final String description;
    private final EndpointSlots slots;
    private final Guard guard;
    private volatile Throwable lastFailure;
    private volatile Breaker breaker = new Breaker(CircuitBreakerState.CLOSED, null, null);

    /** @param description what the guard protects, for messages: the model and its endpoint */
    public ModelGuard(String endpoint, String description, EndpointSlots slots, EndpointPolicy policy) {
        this.endpoint = endpoint;
        this.description = description;
        this.slots = slots;
        this.guard = Guard.create()
                .withDescription(description)
                .withRetry()
                    .maxRetries(policy.maxRetries())
                    .maxDuration(1, ChronoUnit.HOURS)
                    .whenException(ModelGuard::retryable)
                    .withCustomBackoff()
                        .strategy(() -> new RetryAfterBackoff(policy.backoff(), policy.maxBackoff(),
                                policy.maxRetryAfter()))
                        .done()
                    .done()
                .withCircuitBreaker()
                    .when(ModelGuard::retryable)
                    .requestVolumeThreshold(20)
                    .failureRatio(0.75)
                    .delay(10, ChronoUnit.SECONDS)
                    .onStateChange(this::changed)
                    .done()
                .build();
    }

    public <T> Uni<T> call(Supplier<Uni<T>> request) {
        AtomicInteger attempts = new AtomicInteger();
        return guard.<Uni<T>>get(() -> {
            attempts.incrementAndGet();
            return slots.call(request).onFailure().invoke(failure -> lastFailure = failure);
        }, new TypeLiteral<Uni<T>>() {
        }).onFailure(failure -> retryable(failure) || failure instanceof CircuitBreakerOpenException)
                .transform(failure -> new EndpointUnavailableException(describe(failure, attempts.get()), failure,
                        attempts.get()));
    }

    public Breaker breaker() {
        return breaker;
    }

    private String describe(Throwable failure, int attempts) {
        if (failure instanceof CircuitBreakerOpenException) {
            Breaker open = breaker;
            return "circuit breaker open for " + description + " since " + open.since() + ", opened by: " + open.cause()
                    + "; calls resume after a pause";
        }
        return EndpointFailures.describe(failure, endpoint, attempts);
    }

    private void changed(CircuitBreakerState state) {
        Throwable cause = lastFailure;
        breaker = new Breaker(state, state == CircuitBreakerState.CLOSED || cause == null ? null
                : EndpointFailures.describe(cause, endpoint, 0), Instant.now());
    }

    /** 429, 5xx, timeouts and failures to connect are worth another try; other 4xx are not. */
    static boolean retryable(Throwable failure) {
        if (failure instanceof WebApplicationException http && http.getResponse() != null) {
            int status = http.getResponse().getStatus();
            return status == 429 || status >= 500;
        }
        return failure instanceof TimeoutException || failure instanceof BulkheadException || failure instanceof ProcessingException
                || failure instanceof IOException || failure.getCause() instanceof IOException;
    }
}
