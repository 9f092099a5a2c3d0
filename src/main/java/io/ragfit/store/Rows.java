package io.ragfit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Rows read back as values. */
public final class Rows {

    private Rows() {
    }

    public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> value) {
        List<T> values = new ArrayList<>(rows.size());
        rows.forEach(row -> values.add(value.apply(row)));
        return values;
    }

    /** The value of the first row, or null when there is none. */
    public static <T> T first(RowSet<Row> rows, Function<Row, T> value) {
        return rows.size() == 0 ? null : value.apply(rows.iterator().next());
    }
}
