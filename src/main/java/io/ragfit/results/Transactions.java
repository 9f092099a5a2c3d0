package io.ragfit.results;

import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Hibernate Reactive transactions callable from any thread (a Kafka consumer, an Elasticsearch callback,
 * a worker): each runs on a fresh duplicated Vert.x context marked safe, as Hibernate Reactive requires.
 */
@ApplicationScoped
public class Transactions {

    private final Mutiny.SessionFactory sessions;
    private final Vertx vertx;

    Transactions(Mutiny.SessionFactory sessions, Vertx vertx) {
        this.sessions = sessions;
        this.vertx = vertx;
    }

    public <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return onSafeContext(() -> sessions.withTransaction((session, transaction) -> work.apply(session)));
    }

    /** Runs the work (Panache, {@code @WithTransaction} methods) on a fresh safe context, as if a request had called it. */
    public <T> Uni<T> onSafeContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> work.get().subscribe().with(emitter::complete, emitter::fail));
        });
    }
}
