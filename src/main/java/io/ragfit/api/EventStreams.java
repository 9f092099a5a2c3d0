package io.ragfit.api;

import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.SecurityContext;

import io.ragfit.corpus.TooBusyException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The server-sent event streams open on this instance, bounded in total and per client: a stream beyond either
 * bound is refused (429) before anything is sent. A stream of something unknown is refused too (404), before its
 * first event.
 */
@ApplicationScoped
class EventStreams {

    private static final int RETRY_AFTER_SECONDS = 10;
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(15);

    private final ApiConfig config;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> openByClient = new ConcurrentHashMap<>();

    EventStreams(ApiConfig config) {
        this.config = config;
    }

    /**
     * The events of {@code stream}, once {@code exists} has found what it streams; its failure (404) is the
     * response. Called on a worker thread ({@code @Blocking}): the status must be known before the stream starts.
     */
    <T, R> Multi<R> open(SecurityContext caller, Uni<T> exists, Function<T, Multi<R>> stream) {
        String client = client(caller);
        // the slot is taken before the lookup: a flood of streams is refused before it holds worker threads
        take(client);
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
                openByClient.computeIfPresent(client, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
        };
        try {
            return stream.apply(exists.await().atMost(LOOKUP_TIMEOUT)).onTermination().invoke(release);
        } catch (RuntimeException unknownOrUnreachable) {
            release.run();
            throw unknownOrUnreachable;
        }
    }

    private void take(String client) {
        if (open.incrementAndGet() > config.maxEventStreams()) {
            open.decrementAndGet();
            throw new TooBusyException("this instance serves " + config.maxEventStreams()
                    + " event streams already (ragfit.api.max-event-streams); try again later", RETRY_AFTER_SECONDS);
        }
        AtomicInteger mine = openByClient.computeIfAbsent(client, key -> new AtomicInteger());
        if (mine.incrementAndGet() > config.maxEventStreamsPerClient()) {
            mine.decrementAndGet();
            open.decrementAndGet();
            throw new TooBusyException("you hold " + config.maxEventStreamsPerClient()
                    + " event streams open already (ragfit.api.max-event-streams-per-client): close one first",
                    RETRY_AFTER_SECONDS);
        }
    }

    private static String client(SecurityContext caller) {
        Principal principal = caller.getUserPrincipal();
        return principal == null ? "anonymous" : principal.getName();
    }
}
