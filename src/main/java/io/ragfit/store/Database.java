package io.ragfit.store;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * ragfit's one way into PostgreSQL: plain SQL on the reactive pool, callable from any thread. Every call is
 * bounded in time, and a database that cannot be reached fails it with {@link DatabaseUnavailableException}
 * (an outage to wait out), never with a driver's own exception nor a hang.
 */
@ApplicationScoped
public class Database implements Sql {

    private final Pool pool;
    private final Vertx vertx;
    private final ConnectOptions options;
    private final Duration timeout;

    Database(Pool pool, Vertx vertx, ConnectOptions options, StoreConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.options = options;
        this.timeout = config.timeout();
    }

    @Override
    public Uni<RowSet<Row>> query(String sql, Tuple arguments) {
        return bounded(pool.preparedQuery(sql).execute(arguments));
    }

    @Override
    public Uni<Void> batch(String sql, List<Tuple> rows) {
        return rows.isEmpty() ? Uni.createFrom().voidItem() : bounded(pool.preparedQuery(sql).executeBatch(rows)).replaceWithVoid();
    }

    /** The work in one transaction: committed if it succeeds, rolled back if it fails. */
    public <T> Uni<T> inTransaction(Function<Sql, Uni<T>> work) {
        return bounded(pool.withTransaction(connection -> work.apply(new InTransaction(connection))));
    }

    /**
     * A connection of the caller's own, outside the pool, until it closes it: for what lasts as long as a session,
     * such as an advisory lock (a pooled connection, given back, would keep its session and the lock with it).
     * Its statements are bounded in time like any other.
     */
    public Uni<Session> session() {
        return bounded(PgConnection.connect(vertx, options.get())).map(connection -> new Session(connection, this));
    }

    /** A connection held by one caller ({@link #session()}). */
    public record Session(SqlConnection connection, Database database) implements Sql {

        @Override
        public Uni<RowSet<Row>> query(String sql, Tuple arguments) {
            return database.bounded(connection.preparedQuery(sql).execute(arguments));
        }

        @Override
        public Uni<Void> batch(String sql, List<Tuple> rows) {
            return rows.isEmpty() ? Uni.createFrom().voidItem()
                    : database.bounded(connection.preparedQuery(sql).executeBatch(rows)).replaceWithVoid();
        }

        public Uni<Void> close() {
            return connection.close();
        }
    }

    /** True when the failure says the database was out of reach, not that it refused the statement. */
    public static boolean outage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseUnavailableException || cause instanceof ClosedConnectionException
                    || cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
            if (cause instanceof PgException pg) {
                return transientState(pg.getSqlState());
            }
            // the client's own failures ("Connection is not active now", "connection closed") carry no other sign
            if (cause.getClass().getName().startsWith("io.vertx.") && cause.getMessage() != null
                    && cause.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection")) {
                return true;
            }
        }
        return false;
    }

    /** Connection failures, shutdowns, too many clients, conflicts between concurrent transactions. */
    private static boolean transientState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
                || state.equals("40001") || state.equals("40P01"));
    }

    private <T> Uni<T> bounded(Uni<T> call) {
        return call.ifNoItem().after(timeout)
                .failWith(() -> new DatabaseUnavailableException("PostgreSQL did not answer within "
                        + timeout.toSeconds() + " s", null))
                .onFailure(failure -> !(failure instanceof DatabaseUnavailableException) && outage(failure))
                .transform(failure -> new DatabaseUnavailableException("PostgreSQL is unavailable: " + failure.getMessage(),
                        failure));
    }

    private record InTransaction(SqlConnection connection) implements Sql {

        @Override
        public Uni<RowSet<Row>> query(String sql, Tuple arguments) {
            return connection.preparedQuery(sql).execute(arguments);
        }

        @Override
        public Uni<Void> batch(String sql, List<Tuple> rows) {
            return rows.isEmpty() ? Uni.createFrom().voidItem() : connection.preparedQuery(sql).executeBatch(rows).replaceWithVoid();
        }
    }
}
