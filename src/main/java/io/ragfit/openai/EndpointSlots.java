package io.ragfit.openai;

import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * The calls in flight to one endpoint, whatever model they ask: at most {@code maxConcurrentRequests} at
 * once, the others waiting their turn, each attempt timed from when it gets its turn (waiting for a slot
 * never times a call out).
 */
public final class EndpointSlots {

    /** Calls beyond this many waiting are refused as the endpoint being busy (a cause that passes). */
    static final int MAX_WAITING = 1_000;

    private final Guard bulkhead;
    private final EndpointPolicy policy;

    public EndpointSlots(String endpoint, EndpointPolicy policy) {
        this.policy = policy;
        this.bulkhead = Guard.create()
                .withDescription(endpoint)
                .withBulkhead()
                    .limit(policy.maxConcurrentRequests())
                    .queueSize(MAX_WAITING)
                    .done()
                .build();
    }

    public <T> Uni<T> call(Supplier<Uni<T>> request) {
        return bulkhead.get(() -> request.get()
                .ifNoItem().after(policy.timeout())
                .failWith(() -> new TimeoutException("no answer within " + policy.timeout().toMillis() + " ms")),
                new TypeLiteral<Uni<T>>() {
                });
    }
}
