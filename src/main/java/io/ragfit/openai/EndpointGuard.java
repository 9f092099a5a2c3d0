package io.ragfit.openai;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * Bounded concurrency, per-attempt timeout, retries with backoff that honour Retry-After, and a circuit
 * breaker, for every call to one endpoint. The timeout starts when a call gets its turn, so waiting for
 * a free slot never times a call out.
 */
public final class EndpointGuard {

    private final Guard guard;
    private final EndpointPolicy policy;

    public EndpointGuard(String endpoint, EndpointPolicy policy) {
        this.policy = policy;
        this.guard = Guard.create()
                .withDescription(endpoint)
                .withRetry()
                    .maxRetries(policy.maxRetries())
                    .maxDuration(1, ChronoUnit.HOURS)
                    .whenException(EndpointGuard::retryable)
                    .withCustomBackoff()
                        .strategy(() -> new RetryAfterBackoff(policy.backoff(), policy.maxBackoff(),
                                policy.maxRetryAfter()))
                        .done()
                    .done()
                .withCircuitBreaker()
                    .when(EndpointGuard::retryable)
                    .requestVolumeThreshold(20)
                    .failureRatio(0.75)
                    .delay(10, ChronoUnit.SECONDS)
                    .done()
                .withBulkhead()
                    .limit(policy.maxConcurrentRequests())
                    .queueSize(100_000)
                    .done()
                .build();
    }

    public <T> Uni<T> call(Supplier<Uni<T>> request) {
        return guard.get(() -> request.get()
                .ifNoItem().after(policy.timeout())
                .failWith(() -> new TimeoutException("no answer within " + policy.timeout().toMillis() + " ms")),
                new TypeLiteral<Uni<T>>() {
                });
    }

    /** 429, 5xx, timeouts and failures to connect are worth another try; other 4xx are not. */
    static boolean retryable(Throwable failure) {
        if (failure instanceof WebApplicationException http && http.getResponse() != null) {
            int status = http.getResponse().getStatus();
            return status == 429 || status >= 500;
        }
        return failure instanceof TimeoutException || failure instanceof ProcessingException
                || failure instanceof IOException || failure.getCause() instanceof IOException;
    }
}
