package io.ragfit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/** ragfit's way into PostgreSQL, against the test stack's server. */
@QuarkusTest
class DatabaseTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Database database;

    private static boolean lock(Sql sql, long key) {
        return sql.query("SELECT pg_try_advisory_lock($1) AS taken", Tuple.of(key)).await().atMost(WAIT)
                .iterator().next().getBoolean("taken");
    }

    @Test
    void shouldReleaseWhatASessionHeldWhenItCloses() {
        long key = System.nanoTime();
        Database.Session first = database.session().await().atMost(WAIT);
        assertThat(lock(first, key)).isTrue();
        Database.Session second = database.session().await().atMost(WAIT);
        assertThat(lock(second, key)).as("held by the first session").isFalse();

        first.close().await().atMost(WAIT);

        // a session is a connection of its own: closed, its locks go with it (a pooled one would keep them)
        assertThat(lock(second, key)).isTrue();
        second.close().await().atMost(WAIT);
    }

    @Test
    void shouldTellAnOutageFromARefusal() {
        assertThatThrownBy(() -> database.query("SELECT no_such_column FROM instance").await().atMost(WAIT))
                .isNotInstanceOf(DatabaseUnavailableException.class)
                .satisfies(refusal -> assertThat(Database.outage(refusal)).isFalse());
        assertThat(Database.outage(new DatabaseUnavailableException("down", null))).isTrue();
    }
}
