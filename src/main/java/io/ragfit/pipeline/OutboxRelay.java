package io.ragfit.pipeline;

import static io.ragfit.tracing.SpanAttributes.MESSAGING_DESTINATION;
import static io.ragfit.tracing.SpanAttributes.MESSAGING_OPERATION;
import static io.ragfit.tracing.SpanAttributes.MESSAGING_SYSTEM;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.type.TypeReference;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ragfit.evaluation.TopicRecords;
import io.ragfit.store.Database;
import io.ragfit.store.Json;
import io.ragfit.tracing.Traces;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes the outbox to Kafka: the records written with the results they carry, oldest first, with an
 * idempotent producer; each is deleted once the broker has it. One instance relays at a time (it holds a
 * PostgreSQL advisory lock on a session of its own; if it stops, the lock goes with its session and another
 * instance takes over), so records of one question keep their order. A record is published at least once:
 * whatever fails in between (Kafka, PostgreSQL, the instance), what is not deleted is published again. A record
 * stored with a {@code traceparent} is sent in a producer span under it ({@code send TOPIC}), and carries that
 * span's context: the question's trace goes on in the records' consumers.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The advisory lock only the relaying instance holds ("ragfitOB"). */
    private static final long LOCK = 0x7261676669744f42L;
    private static final int BATCH = 500;
    private static final Duration IDLE = Duration.ofMillis(200);
    private static final Duration STANDBY = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final Database database;
    private final Vertx vertx;
    private final KafkaConnection kafka;
    private final Traces traces;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("outbox-relay").daemon().factory());
    private volatile KafkaProducer<String, String> producer;
    private volatile Database.Session leader;
    /** A standby replica's own session, kept to ask for the lock again (not a new connection every second). */
    private volatile Database.Session standby;
    private volatile boolean stopped;
    private int failures;

    OutboxRelay(Database database, Vertx vertx, KafkaConnection kafka, Traces traces) {
        this.traces = traces;
        this.database = database;
        this.vertx = vertx;
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent startup) {
        producer = producer();
        next(Duration.ZERO);
    }

    private KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.putAll(kafka.settings());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ragfit-outbox-" + UUID.randomUUID());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // a broker that is down fails a round within these bounds; the records wait in the outbox meanwhile
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        sender.shutdown();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        resign();
    }

    private void next(Duration delay) {
        if (stopped) {
            return;
        }
        if (delay.isZero()) {
            relay();
        } else {
            vertx.setTimer(delay.toMillis(), timer -> relay());
        }
    }

    private void relay() {
        leadership().chain(session -> session == null ? Uni.createFrom().item(-1) : round(session))
                .subscribe().with(published -> {
                    if (published >= 0 && failures > 0) {
                        Log.infof("Outbox: relaying again, after %d failed rounds", failures);
                        failures = 0;
                    }
                    next(published < 0 ? STANDBY : published == BATCH ? Duration.ZERO : IDLE);
                }, failure -> {
                    failures++;
                    if (failures == 1) {
                        Log.warnf("Outbox: cannot relay (%s); trying again", failure.getMessage());
                    } else {
                        Log.debugf("Outbox: round %d failed: %s", failures, failure.getMessage());
                    }
                    // its session may be gone, and the lock with it: take the lock again
                    resign();
                    if (failures % 5 == 0) {
                        // an idempotent producer whose batches expired may be left unable to send: start from a new one
                        KafkaProducer<String, String> old = producer;
                        producer = producer();
                        sender.execute(() -> old.close(Duration.ZERO));
                    }
                    next(Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 200L << Math.min(failures, 6))));
                });
    }

    /** This instance's session if it relays, after taking the lock if it is free; null when another instance relays. */
    private Uni<Database.Session> leadership() {
        Database.Session held = leader;
        if (held != null) {
            return Uni.createFrom().item(held);
        }
        Database.Session waiting = standby;
        Uni<Database.Session> session = waiting != null ? Uni.createFrom().item(waiting)
                : database.session().invoke(opened -> standby = opened);
        return session.chain(asking -> asking.query("SELECT pg_try_advisory_lock($1) AS taken", Tuple.of(LOCK))
                .map(rows -> {
                    if (!rows.iterator().next().getBoolean("taken")) {
                        return null;
                    }
                    Log.info("Outbox: this instance relays the outbox to Kafka");
                    standby = null;
                    leader = asking;
                    return asking;
                }));
    }

    /** Gives up this instance's sessions (the lock goes with its session): the next round opens a new one. */
    private void resign() {
        close(leader);
        close(standby);
        leader = null;
        standby = null;
    }

    private static void close(Database.Session session) {
        if (session != null) {
            session.close().subscribe().with(closed -> {
            }, failure -> {
            });
        }
    }

    /** Publishes the oldest records and deletes those the broker acknowledged, in order; returns how many. */
    private Uni<Integer> round(Database.Session session) {
        return session.query("SELECT id, topic, record_key, payload, headers FROM outbox ORDER BY id LIMIT $1",
                Tuple.of(BATCH))
                .chain(rows -> {
                    List<Row> pending = new ArrayList<>();
                    rows.forEach(pending::add);
                    if (pending.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.createFrom().item(() -> publish(pending)).runSubscriptionOn(sender)
                            .chain(published -> {
                                if (published.done().isEmpty()) {
                                    return Uni.createFrom().failure(new IllegalStateException("Kafka took none of "
                                            + pending.size() + " records: " + published.failure().getMessage(),
                                            published.failure()));
                                }
                                return session.query("DELETE FROM outbox WHERE id = ANY($1)",
                                        Tuple.of(published.done().toArray(Long[]::new)))
                                        .replaceWith(published.done().size());
                            });
                });
    }

    /** The ids of the records the broker acknowledged, in order, and why the next one was not. */
    private record Published(List<Long> done, Throwable failure) {
    }

    /**
     * Sends the records, waits for the broker, and returns the acknowledged prefix. Stops sending at the first
     * record the producer could not take (a broker out of reach: each further send would wait for it again).
     */
    private Published publish(List<Row> pending) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (Row row : pending) {
            if (!sent.isEmpty() && sent.getLast().isCompletedExceptionally()) {
                break;
            }
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"), row.getString("record_key"),
                    row.getString("payload"));
            Map<String, String> headers = row.getString("headers") == null ? Map.of() : Json.read(row.getString("headers"), HEADERS);
            Span span = headers.containsKey(TopicRecords.TRACEPARENT) ? traces.start("send " + record.topic(), SpanKind.PRODUCER,
                    Traces.fromTraceparent(headers.get(TopicRecords.TRACEPARENT)), Attributes.of(MESSAGING_SYSTEM, "kafka",
                            MESSAGING_OPERATION, "send", MESSAGING_DESTINATION, record.topic())) : null;
            headers.forEach((name, value) -> record.headers().add(new RecordHeader(name,
                    (span != null && name.equals(TopicRecords.TRACEPARENT) ? Traces.traceparent(Context.root().with(span)) : value)
                            .getBytes(StandardCharsets.UTF_8))));
            try {
                producer.send(record, (metadata, failure) -> {
                    if (span != null) {
                        Traces.end(span, failure);
                    }
                    if (failure == null) {
                        acknowledged.complete(null);
                    } else {
                        acknowledged.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException notSent) {
                if (span != null) {
                    Traces.end(span, notSent);
                }
                acknowledged.completeExceptionally(notSent);
            }
            sent.add(acknowledged);
        }
        List<Long> done = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(20, TimeUnit.SECONDS);
                done.add(pending.get(i).getLong("id"));
            } catch (Exception failure) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                if (!(cause instanceof RecordTooLargeException || cause instanceof InvalidTopicException
                        || cause instanceof SerializationException)) {
                    return new Published(done, cause);
                }
                // a record the broker can never take must not hold back the ones after it
                Log.errorf("Outbox: record %d for %s (key %s) dropped, the broker refuses it: %s", pending.get(i).getLong("id"),
                        pending.get(i).getString("topic"), pending.get(i).getString("record_key"), cause.getMessage());
                done.add(pending.get(i).getLong("id"));
            }
        }
        return new Published(done, null);
    }
}
