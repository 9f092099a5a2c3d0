package io.ragfit.store;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * The reactive pool as Quarkus configures it, but without the pool's own wait for a connection: {@link Database}
 * bounds every call itself. The pool's timer would, each time a connection cannot be made (PostgreSQL down), fail
 * an already failed request a second time and log an error for it (eclipse-vertx/vertx-sql-client#1706).
 */
@Singleton
class PoolCreator implements PgPoolCreator {

    @Override
    public Pool create(Input input) {
        List<SqlConnectOptions> servers = new ArrayList<>(input.pgConnectOptionsList());
        return PgBuilder.pool()
                .with(input.poolOptions().setConnectionTimeout(0))
                .connectingTo(servers)
                .using(input.vertx())
                .build();
    }
}
