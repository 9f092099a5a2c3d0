package io.ragfit.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

@QuarkusTest
class RunPersistenceTests {

    @Inject
    Pool pool;

    @Test
    @RunOnVertxContext
    void shouldHaveMigratedTheSchemaWithFlyway(UniAsserter asserter) {
        asserter.assertThat(
                () -> pool.query("SELECT version, success FROM flyway_schema_history WHERE version = '1'").execute(),
                rows -> {
                    assertThat(rows.size()).isEqualTo(1);
                    Row migration = rows.iterator().next();
                    assertThat(migration.getBoolean("success")).isTrue();
                });
    }

    @Test
    @RunOnVertxContext
    void shouldPersistARunAndReadItBack(UniAsserter asserter) {
        Run run = new Run();
        run.id = UUID.randomUUID();
        run.name = "nq-base-vs-ft200-" + run.id;
        run.kind = Run.Kind.BATCH;
        run.variants = List.of("base", "ft200");
        run.criteria = List.of("accuracy", "completeness");
        run.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

        asserter.execute(() -> Panache.withTransaction(run::persist));
        asserter.assertThat(
                () -> Panache.withSession(() -> Run.<Run>findById(run.id)),
                found -> {
                    assertThat(found.name).isEqualTo(run.name);
                    assertThat(found.variants).containsExactly("base", "ft200");
                    assertThat(found.createdAt).isEqualTo(run.createdAt);
                });
    }
}
