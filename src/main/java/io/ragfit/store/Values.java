package io.ragfit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import io.vertx.mutiny.sqlclient.Tuple;

/** Multi-row statements: one round trip for many rows, with {@code RETURNING} when wanted. */
public final class Values {

    private Values() {
    }

    /**
     * {@code rows} copies of {@code row}, a template such as {@code (?, ?::jsonb, now())} whose {@code ?} become
     * {@code $1}, {@code $2}, ... in order across all copies.
     */
    public static String rows(int rows, String row) {
        return rows(rows, row, 1);
    }

    /** The same, numbering from {@code $first}: for rows after other parameters of the same statement. */
    public static String rows(int rows, String row, int first) {
        StringJoiner all = new StringJoiner(", ");
        int next = first;
        for (int i = 0; i < rows; i++) {
            StringBuilder one = new StringBuilder();
            for (char c : row.toCharArray()) {
                if (c == '?') {
                    one.append('$').append(next++);
                } else {
                    one.append(c);
                }
            }
            all.add(one);
        }
        return all.toString();
    }

    /** The arguments of several rows, in order, as one tuple. */
    public static Tuple flatten(List<Tuple> rows) {
        List<Object> values = new ArrayList<>();
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                values.add(row.getValue(i));
            }
        });
        return Tuple.tuple(values);
    }

    /** Text as PostgreSQL takes it: its NUL characters, which no text column can hold, replaced. */
    public static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }
}
