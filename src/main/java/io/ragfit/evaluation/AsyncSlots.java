package io.ragfit.evaluation;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/** A fixed number of slots, waited for without blocking a thread: the bound on questions in flight. */
final class AsyncSlots {

    private final AtomicInteger free;
    private final Queue<UniEmitter<? super Void>> waiting = new ConcurrentLinkedQueue<>();

    AsyncSlots(int slots) {
        this.free = new AtomicInteger(slots);
    }

    /** Completes when a slot is the caller's. */
    Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            if (tryTake()) {
                emitter.complete(null);
            } else {
                waiting.add(emitter);
                // a slot may have been released between the failed take and the enqueue
                handOver();
            }
        });
    }

    /** Takes up to {@code max} slots free now, without waiting (none when others are waiting); returns how many. */
    int tryAcquire(int max) {
        int taken = 0;
        while (taken < max && waiting.isEmpty() && tryTake()) {
            taken++;
        }
        return taken;
    }

    void release() {
        release(1);
    }

    void release(int slots) {
        free.addAndGet(slots);
        handOver();
    }

    private void handOver() {
        while (!waiting.isEmpty() && tryTake()) {
            UniEmitter<? super Void> next = waiting.poll();
            if (next == null) {
                free.incrementAndGet();
                return;
            }
            next.complete(null);
        }
    }

    private boolean tryTake() {
        int current;
        do {
            current = free.get();
            if (current == 0) {
                return false;
            }
        } while (!free.compareAndSet(current, current - 1));
        return true;
    }
}
