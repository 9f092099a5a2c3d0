package io.ragfit.generation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The trained models of the built-in tuned readers, in PostgreSQL, kept in memory once read. */
@ApplicationScoped
public class TunedReaders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool pool;
    private final Map<String, SentenceRanker.Model> models = new ConcurrentHashMap<>();

    TunedReaders(Pool pool) {
        this.pool = pool;
    }

    public Uni<SentenceRanker.Model> model(String variant) {
        SentenceRanker.Model known = models.get(variant);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.preparedQuery("SELECT model FROM tuned_reader WHERE variant = $1").execute(Tuple.of(variant))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException("no model was trained for variant '" + variant + "'");
                    }
                    Row row = rows.iterator().next();
                    SentenceRanker.Model model = read(row.getString("model"));
                    models.put(variant, model);
                    return model;
                });
    }

    public Uni<Void> save(String variant, UUID experiment, int trainSize, SentenceRanker.Model model) {
        String json;
        try {
            json = JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return pool.preparedQuery("INSERT INTO tuned_reader (variant, experiment_id, train_size, model, created_at)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (variant) DO UPDATE SET experiment_id = EXCLUDED.experiment_id,"
                + " train_size = EXCLUDED.train_size, model = EXCLUDED.model, created_at = EXCLUDED.created_at")
                .execute(Tuple.of(variant, experiment, trainSize, json, OffsetDateTime.now(ZoneOffset.UTC)))
                .invoke(() -> models.put(variant, model))
                .replaceWithVoid();
    }

    private static SentenceRanker.Model read(String json) {
        try {
            return JSON.readValue(json, SentenceRanker.Model.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored reader model is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
