package io.ragfit.pipeline;

import java.time.Duration;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** The Kafka cluster lists its brokers within 3 seconds (Kafka's own client waits a minute by default). */
@Readiness
@ApplicationScoped
class KafkaReadiness implements AsyncHealthCheck {

    private static final Duration BOUND = Duration.ofSeconds(3);

    private final Admin admin;

    KafkaReadiness(KafkaConnection kafka) {
        Map<String, Object> settings = kafka.settings();
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BOUND.toMillis());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BOUND.toMillis());
        this.admin = Admin.create(settings);
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(1));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(() -> admin.describeCluster(new DescribeClusterOptions()
                .timeoutMs((int) BOUND.toMillis())).nodes().toCompletionStage())
                .ifNoItem().after(BOUND.plusMillis(500)).fail()
                .map(nodes -> HealthCheckResponse.named("Kafka").status(!nodes.isEmpty())
                        .withData("brokers", nodes.size()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("Kafka").down()
                        .withData("reason", String.valueOf(failure.getMessage())).build());
    }
}
