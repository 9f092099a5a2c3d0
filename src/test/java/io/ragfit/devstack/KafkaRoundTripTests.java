package io.ragfit.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

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

    private static final String TOPIC = "ragfit.devstack-probe";

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
            Map<TopicPartition, OffsetSpec> ends = admin.describeTopics(List.of(TOPIC)).allTopicNames().get()
                    .get(TOPIC).partitions().stream()
                    .collect(Collectors.toMap(partition -> new TopicPartition(TOPIC, partition.partition()),
                            partition -> OffsetSpec.latest()));
            long held = admin.listOffsets(ends).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
            assertThat(held).as("records the broker holds").isGreaterThanOrEqualTo(1);
        }
    }
}
