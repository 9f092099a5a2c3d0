package io.ragfit.experiment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.store.Database;
import io.ragfit.store.Instance;
import io.ragfit.store.Json;
import io.ragfit.store.Rows;
import io.ragfit.store.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The {@code experiment} table, and the lease an instance holds on an experiment it prepares. */
@ApplicationScoped
class ExperimentRepository {

    private static final String COLUMNS = "id, name, spec, status, splits, leakage, run_id, batch_id, detail, created_at,"
            + " updated_at";

    private final Instance instance;

    ExperimentRepository(Instance instance) {
        this.instance = instance;
    }

    Uni<Experiment> find(Sql sql, UUID id) {
        return sql.query("SELECT " + COLUMNS + " FROM experiment WHERE id = $1", Tuple.of(id)).map(rows -> Rows.first(rows, ExperimentRepository::experiment));
    }

    Uni<Experiment> named(Sql sql, String name) {
        return sql.query("SELECT " + COLUMNS + " FROM experiment WHERE name = $1", Tuple.of(name))
                .map(rows -> Rows.first(rows, ExperimentRepository::experiment));
    }

    /** The experiment, locked until the transaction of {@code sql} ends. */
    Uni<Experiment> lock(Sql sql, UUID id) {
        return sql.query("SELECT " + COLUMNS + " FROM experiment WHERE id = $1 FOR UPDATE", Tuple.of(id))
                .map(rows -> Rows.first(rows, ExperimentRepository::experiment));
    }

    Uni<List<Experiment>> all(Sql sql) {
        return sql.query("SELECT " + COLUMNS + " FROM experiment ORDER BY created_at")
                .map(rows -> Rows.list(rows, ExperimentRepository::experiment));
    }

    /** Stores a new experiment; false when its name is taken. */
    Uni<Boolean> insert(Sql sql, Experiment experiment) {
        return sql.query("INSERT INTO experiment (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                + " ON CONFLICT (name) DO NOTHING", Tuple.tuple(Arrays.asList(experiment.id, experiment.name,
                        Json.write(experiment.spec), experiment.status.name(), Json.write(experiment.splits),
                        Json.write(experiment.leakage), experiment.runId, experiment.batchId, experiment.detail,
                        utc(experiment.createdAt), utc(experiment.updatedAt))))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<Void> update(Sql sql, Experiment experiment) {
        return sql.query("UPDATE experiment SET status = $2, leakage = $3, run_id = $4, batch_id = $5, detail = $6,"
                + " updated_at = $7 WHERE id = $1", Tuple.tuple(Arrays.asList(experiment.id, experiment.status.name(),
                        Json.write(experiment.leakage), experiment.runId, experiment.batchId, experiment.detail,
                        utc(experiment.updatedAt))))
                .replaceWithVoid();
    }

    /** Applies {@code change} to the experiment, locked, and stores it in one transaction. */
    Uni<Experiment> change(Database database, UUID id, Consumer<Experiment> change) {
        return database.inTransaction(sql -> lock(sql, id).chain(found -> {
            change.accept(found);
            found.updatedAt = Instant.now();
            return update(sql, found).replaceWith(found);
        }));
    }

    /**
     * Leases the experiment's preparation to this instance, unless a live instance (this one included) is
     * preparing it; true when this instance has it now.
     */
    Uni<Boolean> leasePreparation(Sql sql, UUID id) {
        return sql.query("UPDATE experiment SET lease_owner = $2 WHERE id = $1 AND " + instance.leaseFree("lease_owner"),
                Tuple.of(id, instance.id()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Leases to this instance the preparation of an experiment that nobody prepares: one this instance does not
     * prepare although leased to it (the lease was taken, the answer lost with the database), or one whose
     * instance stopped; true when this instance has it now.
     */
    Uni<Boolean> leaseOrphan(Sql sql, UUID id) {
        return sql.query("UPDATE experiment SET lease_owner = $2 WHERE id = $1 AND status = 'PREPARING' AND (lease_owner = $2"
                + " OR " + instance.leaseFree("lease_owner") + ")", Tuple.of(id, instance.id()))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<Void> releasePreparation(Sql sql, UUID id) {
        return sql.query("UPDATE experiment SET lease_owner = NULL WHERE id = $1 AND lease_owner = $2",
                Tuple.of(id, instance.id())).replaceWithVoid();
    }

    /**
     * Experiments being prepared by nobody: leased to this instance, which does not prepare them
     * ({@code preparingHere}), or, unless this instance is just back from an outage, to an instance that stopped.
     */
    Uni<List<UUID>> orphanedPreparations(Sql sql, Collection<UUID> preparingHere) {
        String orphaned = "(lease_owner = $1 AND id <> ALL($2)"
                + (instance.mayTakeOver() ? " OR " + instance.leaseFree("lease_owner") : "") + ")";
        return sql.query("SELECT id FROM experiment WHERE status = 'PREPARING' AND " + orphaned,
                Tuple.of(instance.id(), preparingHere.toArray(UUID[]::new)))
                .map(rows -> Rows.list(rows, row -> row.getUUID("id")));
    }

    private static Experiment experiment(Row row) {
        Experiment experiment = new Experiment();
        experiment.id = row.getUUID("id");
        experiment.name = row.getString("name");
        experiment.spec = Json.read(row.getString("spec"), ExperimentSpec.class);
        experiment.status = Experiment.Status.valueOf(row.getString("status"));
        experiment.splits = Json.read(row.getString("splits"), Splits.class);
        experiment.leakage = Json.read(row.getString("leakage"), Leakage.class);
        experiment.runId = row.getUUID("run_id");
        experiment.batchId = row.getUUID("batch_id");
        experiment.detail = row.getString("detail");
        experiment.createdAt = row.getOffsetDateTime("created_at").toInstant();
        experiment.updatedAt = row.getOffsetDateTime("updated_at").toInstant();
        return experiment;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
