package io.ragfit.store;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** PostgreSQL answers a query within 3 seconds, so that readiness says a lost database at once. */
@Readiness
@ApplicationScoped
class DatabaseReadiness implements AsyncHealthCheck {

    static final Duration BOUND = Duration.ofSeconds(3);

    private final Database database;

    DatabaseReadiness(Database database) {
        this.database = database;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return database.query("SELECT 1")
                .ifNoItem().after(BOUND).fail()
                .map(ok -> HealthCheckResponse.up("PostgreSQL"))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("PostgreSQL").down()
                        .withData("reason", String.valueOf(failure.getMessage())).build());
    }
}
