package io.ragfit.generation;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.store.Changes;
import io.ragfit.store.Database;
import io.ragfit.store.Json;
import io.ragfit.store.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The trained models of the built-in tuned readers, in PostgreSQL, kept in memory once read until any instance
 * trains one again.
 */
@ApplicationScoped
public class TunedReaders {

    private static final String CHANGES = "tuned-readers";

    private final Database database;
    private final Changes changes;
    private final Map<String, SentenceRanker.Model> models = new ConcurrentHashMap<>();

    TunedReaders(Database database, Changes changes) {
        this.database = database;
        this.changes = changes;
        changes.on(CHANGES, models::clear);
    }

    public Uni<SentenceRanker.Model> model(String variant) {
        SentenceRanker.Model known = models.get(variant);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return database.query("SELECT model FROM tuned_reader WHERE variant = $1", Tuple.of(variant))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException("no model was trained for variant '" + variant + "'");
                    }
                    SentenceRanker.Model model = Json.read(rows.iterator().next().getString("model"),
                            SentenceRanker.Model.class);
                    models.put(variant, model);
                    return model;
                });
    }

    /** Stores the model of a variant (replacing an earlier one) in the transaction of {@code sql}. */
    public Uni<Void> save(Sql sql, String variant, UUID experiment, int trainSize, SentenceRanker.Model model) {
        return sql.query("INSERT INTO tuned_reader (variant, experiment_id, train_size, model, created_at)"
                + " VALUES ($1, $2, $3, $4, now()) ON CONFLICT (variant) DO UPDATE SET experiment_id = EXCLUDED.experiment_id,"
                + " train_size = EXCLUDED.train_size, model = EXCLUDED.model, created_at = EXCLUDED.created_at",
                Tuple.of(variant, experiment, trainSize, Json.write(model)))
                .chain(() -> changes.announce(sql, CHANGES));
    }
}
