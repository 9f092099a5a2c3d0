package io.ragfit.generation;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.generation.VariantDefinition.FineTuning;
import io.ragfit.generation.VariantDefinition.GenerationParameters;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;
import io.ragfit.store.Rows;
import io.ragfit.store.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code variant} table: definitions, and the last check of each endpoint. */
@ApplicationScoped
class VariantRepository {

    private static final String DEFINITION = "role, base_variant, kind, endpoint, model, api_key_ref, temperature, max_tokens,"
            + " seed, max_concurrent_requests, train_size, fine_tuning_method, epochs, effective_batch_size, lora_rank,"
            + " lora_alpha, training_data_id";
    private static final String COLUMNS = "name, " + DEFINITION + ", check_status, check_detail, check_parent, checked_at";

    Uni<List<StoredVariant>> all(Sql sql) {
        return sql.query("SELECT " + COLUMNS + " FROM variant ORDER BY name").map(rows -> Rows.list(rows, VariantRepository::stored));
    }

    /** Inserts the variant; false when one of that name exists. */
    Uni<Boolean> insert(Sql sql, VariantDefinition variant) {
        return sql.query("INSERT INTO variant (name, " + DEFINITION + ", created_at, updated_at) VALUES ($1, $2, $3, $4, $5,"
                + " $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, now(), now()) ON CONFLICT (name) DO NOTHING",
                values(variant))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Replaces the definition of an existing variant; false when there is none of that name. */
    Uni<Boolean> update(Sql sql, VariantDefinition variant) {
        return sql.query("UPDATE variant SET (" + DEFINITION + ", updated_at) = ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
                + " $12, $13, $14, $15, $16, $17, $18, now()) WHERE name = $1", values(variant))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<Void> upsert(Sql sql, VariantDefinition variant) {
        return insert(sql, variant).chain(inserted -> inserted ? Uni.createFrom().voidItem() : update(sql, variant).replaceWithVoid());
    }

    /** Deletes the variant; false when there was none of that name. */
    Uni<Boolean> delete(Sql sql, String name) {
        return sql.query("DELETE FROM variant WHERE name = $1", Tuple.of(name)).map(rows -> rows.rowCount() == 1);
    }

    Uni<Void> recordCheck(Sql sql, String name, EndpointCheck check) {
        return sql.query("UPDATE variant SET check_status = $2, check_detail = $3, check_parent = $4, checked_at = $5"
                + " WHERE name = $1", Tuple.of(name, check.status().name(), check.detail(), check.parent(),
                        OffsetDateTime.ofInstant(check.checkedAt(), ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static Tuple values(VariantDefinition variant) {
        GenerationParameters parameters = variant.parameters() == null ? new GenerationParameters(null, null, null)
                : variant.parameters();
        FineTuning tuning = variant.fineTuning();
        return Tuple.tuple(Arrays.asList(variant.name(), variant.role().name(), variant.baseVariant(), variant.kind().name(),
                variant.endpoint() == null ? null : variant.endpoint().toString(), variant.model(), variant.apiKeyRef(),
                parameters.temperature(), parameters.maxTokens(), parameters.seed(), variant.maxConcurrentRequests(),
                tuning == null ? null : tuning.trainSize(), tuning == null ? null : tuning.method(),
                tuning == null ? null : tuning.epochs(), tuning == null ? null : tuning.effectiveBatchSize(),
                tuning == null ? null : tuning.loraRank(), tuning == null ? null : tuning.loraAlpha(),
                tuning == null ? null : tuning.trainingDataId()));
    }

    private static StoredVariant stored(Row row) {
        Role role = Role.valueOf(row.getString("role"));
        Integer trainSize = row.getInteger("train_size");
        FineTuning tuning = role == Role.FINE_TUNED || trainSize != null
                ? new FineTuning(trainSize, row.getString("fine_tuning_method"), row.getInteger("epochs"),
                        row.getInteger("effective_batch_size"), row.getInteger("lora_rank"), row.getInteger("lora_alpha"),
                        row.getString("training_data_id"))
                : null;
        String endpoint = row.getString("endpoint");
        VariantDefinition definition = new VariantDefinition(row.getString("name"), role, row.getString("base_variant"),
                Kind.valueOf(row.getString("kind")), endpoint == null ? null : URI.create(endpoint), row.getString("model"),
                row.getString("api_key_ref"), new GenerationParameters(row.getDouble("temperature"),
                        row.getInteger("max_tokens"), row.getLong("seed")),
                row.getInteger("max_concurrent_requests"), tuning);
        String status = row.getString("check_status");
        OffsetDateTime checkedAt = row.getOffsetDateTime("checked_at");
        EndpointCheck check = status == null ? null : new EndpointCheck(EndpointCheck.Status.valueOf(status),
                row.getString("check_detail"), row.getString("check_parent"), checkedAt == null ? null : checkedAt.toInstant());
        return new StoredVariant(definition, check);
    }
}
