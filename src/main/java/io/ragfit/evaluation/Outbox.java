package io.ragfit.evaluation;

import java.util.Arrays;
import java.util.List;

import io.ragfit.store.Json;
import io.ragfit.store.Sql;
import io.ragfit.store.Values;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes records for Kafka into the {@code outbox} table, in the caller's transaction: they exist if and only if
 * the results they carry were stored. The pipeline's relay publishes them, in order.
 */
final class Outbox {

    private static final int ROWS_PER_STATEMENT = 2000;

    private Outbox() {
    }

    static Uni<Void> add(Sql sql, List<OutboxRecord> records) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < records.size(); from += ROWS_PER_STATEMENT) {
            List<OutboxRecord> slice = records.subList(from, Math.min(records.size(), from + ROWS_PER_STATEMENT));
            chain = chain.chain(() -> sql.query("INSERT INTO outbox (topic, record_key, payload, headers) VALUES "
                    + Values.rows(slice.size(), "(?, ?, ?, ?)"),
                    Values.flatten(slice.stream()
                            .map(record -> Tuple.tuple(Arrays.asList(record.topic(), record.key(), record.payload(),
                                    record.headers().isEmpty() ? null : Json.write(record.headers()))))
                            .toList()))
                    .replaceWithVoid());
        }
        return chain;
    }
}
