package io.ragfit.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * This instance of the service among the others sharing the database: an id, and a heartbeat that says it is
 * alive. Work an instance leases (questions, ingestions, experiment preparations) names it as owner; once its
 * heartbeat is older than {@code ragfit.store.lease-ttl}, any other instance may take that work over.
 */
@ApplicationScoped
public class Instance {

    private final UUID id = UUID.randomUUID();
    private final Database database;
    private final StoreConfig config;
    private final Vertx vertx;
    private final String name;
    private final Instant startedAt = Instant.now();
    /** Since when heartbeats have succeeded without a break; null while they fail. */
    private volatile Instant beatingSince = Instant.EPOCH;
    private long timer = -1;

    Instance(Database database, StoreConfig config, Vertx vertx, @ConfigProperty(name = "quarkus.http.port") int port) {
        this.database = database;
        this.config = config;
        this.vertx = vertx;
        this.name = hostName() + ":" + port;
    }

    void start(@Observes StartupEvent startup) {
        Log.infof("Instance %s (%s)", id, name);
        // instances gone for a day hold nothing any more: their rows only tell history
        database.query("DELETE FROM instance WHERE heartbeat_at < now() - interval '1 day'")
                .subscribe().with(done -> {
                }, failure -> Log.debugf("Old instances not cleared: %s", failure.getMessage()));
        beat();
        timer = vertx.setPeriodic(config.heartbeatInterval().toMillis(), tick -> beat());
    }

    /** A clean stop hands this instance's leases over at once instead of when they expire. */
    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
        try {
            database.query("UPDATE instance SET heartbeat_at = '-infinity' WHERE id = $1", Tuple.of(id))
                    .await().atMost(config.timeout());
        } catch (RuntimeException unreachable) {
            Log.infof("Leases of this instance expire with its heartbeat (the database could not be told: %s)",
                    unreachable.getMessage());
        }
    }

    public UUID id() {
        return id;
    }

    /**
     * An SQL condition that holds when the lease whose owner is in {@code ownerColumn} is free: no owner, or an
     * owner whose heartbeat has stopped.
     */
    public String leaseFree(String ownerColumn) {
        return "(" + ownerColumn + " IS NULL OR NOT EXISTS (SELECT 1 FROM instance WHERE instance.id = " + ownerColumn
                + " AND instance.heartbeat_at > now() - interval '" + config.leaseTtl().toMillis() + " milliseconds'))";
    }

    /**
     * Whether this instance may take over leases it finds expired. After its own heartbeats failed (the
     * database was down), it waits a lease period: the other instances, alive all along, beat again first.
     */
    public boolean mayTakeOver() {
        Instant since = beatingSince;
        return since != null && since.plus(config.leaseTtl()).isBefore(Instant.now());
    }

    private void beat() {
        database.query("INSERT INTO instance (id, host, started_at, heartbeat_at) VALUES ($1, $2, $3, now())"
                + " ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()",
                Tuple.of(id, name, OffsetDateTime.ofInstant(startedAt, ZoneOffset.UTC)))
                .subscribe().with(
                        done -> {
                            if (beatingSince == null) {
                                Log.infof("Heartbeat restored: leases of silent instances are taken over from %s on",
                                        Instant.now().plus(config.leaseTtl()));
                                beatingSince = Instant.now();
                            }
                        },
                        failure -> {
                            if (beatingSince != null) {
                                Log.warnf("Heartbeat failed: %s", failure.getMessage());
                            }
                            beatingSince = null;
                        });
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
