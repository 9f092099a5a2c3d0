package io.ragfit.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Tells every instance that shared state changed, through PostgreSQL's LISTEN/NOTIFY: a change is announced in
 * the transaction that makes it (delivered when it commits), and each instance drops what it had cached of it.
 * While the listening connection is down, notifications may be missed: every listener is called again once it
 * is back, so caches never outlive an outage.
 */
@ApplicationScoped
public class Changes {

    static final String CHANNEL = "ragfit_changes";
    private static final long RETRY_MILLIS = 1000;

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private volatile PgSubscriber subscriber;

    Changes(Vertx vertx, ConnectOptions options) {
        this.vertx = vertx;
        this.options = options.get();
    }

    /** Calls {@code listener} whenever what {@code topic} names may have changed. */
    public void on(String topic, Runnable listener) {
        listeners.computeIfAbsent(topic, key -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Announces a change of {@code topic} to every instance, this one included, when the transaction of {@code sql} commits. */
    public Uni<Void> announce(Sql sql, String topic) {
        return sql.query("SELECT pg_notify($1, $2)", Tuple.of(CHANNEL, topic)).replaceWithVoid();
    }

    void start(@Observes StartupEvent startup) {
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempts -> RETRY_MILLIS);
        subscriber.channel(CHANNEL)
                .handler(this::changed)
                .subscribeHandler(ignored -> listeners.values().forEach(all -> all.forEach(Runnable::run)));
        connect();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private void connect() {
        subscriber.connect().onFailure(failure -> {
            Log.debugf("Change notifications: cannot listen yet (%s); trying again", failure.getMessage());
            vertx.setTimer(RETRY_MILLIS, retry -> connect());
        });
    }

    private void changed(String topic) {
        listeners.getOrDefault(topic, List.of()).forEach(Runnable::run);
    }
}
