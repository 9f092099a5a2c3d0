package io.ragfit.retrieval;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** Elasticsearch reports its cluster health within 3 seconds, and it is not red. */
@Readiness
@ApplicationScoped
class ElasticsearchReadiness implements AsyncHealthCheck {

    private static final Duration BOUND = Duration.ofSeconds(3);

    private final ElasticsearchAsyncClient client;

    ElasticsearchReadiness(ElasticsearchAsyncClient client) {
        this.client = client;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(() -> client.cluster().health())
                .ifNoItem().after(BOUND).fail()
                .map(health -> HealthCheckResponse.named("Elasticsearch").status(health.status() != HealthStatus.Red)
                        .withData("status", health.status().jsonValue()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("Elasticsearch").down()
                        .withData("reason", String.valueOf(failure.getMessage())).build());
    }
}
