package io.ragfit.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class KafkaRoundTripTests {

    @Inject
    ProbeChannels probe;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shouldCarryARecordFromAnEmitterToAConsumerThroughTheBroker() throws Exception {
        String payload = "probe-" + UUID.randomUUID();

        probe.send(payload).await().atMost(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(probe.received()).contains(payload));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicPartition partition = new TopicPartition("ragfit.devstack-probe", 0);
            ListOffsetsResultInfo end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get();
            assertThat(end.offset()).as("records the broker holds").isGreaterThanOrEqualTo(1);
        }
    }
}
