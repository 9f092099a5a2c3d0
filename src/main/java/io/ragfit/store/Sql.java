package io.ragfit.store;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Statements against PostgreSQL: on the pool (each its own transaction) or within one transaction. */
public interface Sql {

    Uni<RowSet<Row>> query(String sql, Tuple arguments);

    default Uni<RowSet<Row>> query(String sql) {
        return query(sql, Tuple.tuple());
    }

    /** The statement once per row of arguments, in one round trip; nothing when there are none. */
    Uni<Void> batch(String sql, List<Tuple> rows);
}
