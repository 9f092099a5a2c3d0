package io.ragfit.evaluation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.ragfit.generation.VariantDefinition;
import io.ragfit.judge.JudgeConfig;
import io.ragfit.store.Json;
import io.ragfit.store.Rows;
import io.ragfit.store.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code run} table: a run's definition, variants and judge frozen as JSON. */
@ApplicationScoped
class RunRepository {

    private static final String COLUMNS = "id, name, kind, corpus, variants, judge, judge_mode, criteria, retrieval_k,"
            + " created_at, shadow";
    private static final TypeReference<List<VariantDefinition>> DEFINITIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    Uni<Run> find(Sql sql, UUID id) {
        return sql.query("SELECT " + COLUMNS + " FROM run WHERE id = $1", Tuple.of(id))
                .map(rows -> Rows.first(rows, RunRepository::run));
    }

    Uni<Run> named(Sql sql, String name) {
        return sql.query("SELECT " + COLUMNS + " FROM run WHERE name = $1", Tuple.of(name))
                .map(rows -> Rows.first(rows, RunRepository::run));
    }

    Uni<List<Run>> all(Sql sql) {
        return sql.query("SELECT " + COLUMNS + " FROM run ORDER BY created_at").map(rows -> Rows.list(rows, RunRepository::run));
    }

    /** Stores a new run; false when its name is taken. */
    Uni<Boolean> insert(Sql sql, Run run) {
        return sql.query("INSERT INTO run (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                + " ON CONFLICT (name) DO NOTHING", values(run))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Replaces what a run asks (the live run follows the service's configuration). */
    Uni<Void> redefine(Sql sql, Run run) {
        return sql.query("UPDATE run SET variants = $2, judge = $3, judge_mode = $4, criteria = $5, shadow = $6 WHERE id = $1",
                Tuple.tuple(Arrays.asList(run.id(), Json.write(run.variants()), Json.write(run.judge()),
                        run.judgeMode() == null ? null : run.judgeMode().name(), Json.write(run.criteria()), Json.write(run.shadow()))))
                .replaceWithVoid();
    }

    private static Tuple values(Run run) {
        return Tuple.tuple(Arrays.asList(run.id(), run.name(), run.kind().name(), run.corpus(), Json.write(run.variants()),
                Json.write(run.judge()), run.judgeMode() == null ? null : run.judgeMode().name(), Json.write(run.criteria()),
                run.retrievalK(), OffsetDateTime.ofInstant(run.createdAt(), ZoneOffset.UTC), Json.write(run.shadow())));
    }

    private static Run run(Row row) {
        String mode = row.getString("judge_mode");
        return new Run(row.getUUID("id"), row.getString("name"), Run.Kind.valueOf(row.getString("kind")),
                row.getString("corpus"), Json.read(row.getString("variants"), DEFINITIONS),
                Json.read(row.getString("judge"), VariantDefinition.class),
                mode == null ? null : JudgeConfig.Mode.valueOf(mode), Json.read(row.getString("criteria"), NAMES),
                row.getInteger("retrieval_k"), row.getOffsetDateTime("created_at").toInstant(),
                Json.read(row.getString("shadow"), ShadowSpec.class));
    }
}
