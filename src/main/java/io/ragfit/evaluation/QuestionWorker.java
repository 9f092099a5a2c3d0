package io.ragfit.evaluation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The questions this instance works on: at most {@code ragfit.pipeline.max-in-flight} at once, each in a slot
 * from the moment it is leased to its end. Questions arrive from the Kafka consumer (which waits for a slot
 * before it takes the next record), and from a sweep that regularly leases those nobody works on: queued by a
 * batch, or left by an instance that stopped. The sweep waits for its slot in line with the consumer, so
 * neither starves the other.
 */
@ApplicationScoped
public class QuestionWorker {

    private static final int MOST_PER_SWEEP = 16;

    private final QuestionQueue queue;
    private final QuestionFlow flow;
    private final PipelineConfig config;
    private final Vertx vertx;
    private final AsyncSlots slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The questions this instance works on now. */
    private final Set<QuestionKey> active = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    QuestionWorker(QuestionQueue queue, QuestionFlow flow, PipelineConfig config, Vertx vertx, MeterRegistry metrics) {
        this.queue = queue;
        this.flow = flow;
        this.config = config;
        this.vertx = vertx;
        this.slots = new AsyncSlots(config.maxInFlight());
        metrics.gauge("ragfit.pipeline.questions.in.flight", inFlight);
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(config.sweepInterval().toMillis(), tick -> sweep());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /** Completes when a slot is the caller's: hand it to {@link #work} with a leased question, or {@link #release} it. */
    public Uni<Void> slot() {
        return slots.acquire();
    }

    public void release() {
        slots.release();
    }

    /**
     * Notes that this instance is about to lease the question, so that no sweep takes it meanwhile; false when it
     * works on it already (the same question delivered twice).
     */
    public boolean reserve(QuestionKey question) {
        return active.add(question);
    }

    /** The question reserved turned out to need nothing from this instance. */
    public void unreserve(QuestionKey question) {
        active.remove(question);
    }

    /** Works on a question this instance leased, in the slot the caller holds; the slot is freed when it ends. */
    public void work(QuestionRecord leased) {
        inFlight.incrementAndGet();
        active.add(leased.key());
        flow.process(leased)
                .onTermination().invoke(() -> {
                    active.remove(leased.key());
                    inFlight.decrementAndGet();
                    slots.release();
                })
                .subscribe().with(done -> {
                }, failure -> Log.errorf(failure, "Question %s ended unexpectedly", leased.key().questionId()));
    }

    /** Leases questions nobody works on, if a slot comes free: now, rather than at the next tick. */
    public void sweep() {
        if (stopped || !sweeping.compareAndSet(false, true)) {
            return;
        }
        slots.acquire()
                .map(first -> 1 + slots.tryAcquire(MOST_PER_SWEEP - 1))
                .chain(held -> queue.claimWaiting(held, Set.copyOf(active))
                        .invoke(claimed -> {
                            slots.release(held - claimed.size());
                            claimed.forEach(this::work);
                        })
                        .map(claimed -> claimed.size() == held)
                        .onFailure().invoke(failure -> {
                            slots.release(held);
                            Log.debugf("Sweep: %s", failure.getMessage());
                        }))
                .onTermination().invoke(() -> sweeping.set(false))
                .subscribe().with(more -> {
                    // as many were waiting as could be taken: take more as soon as a slot is free
                    if (more) {
                        sweep();
                    }
                }, failure -> {
                });
    }
}
