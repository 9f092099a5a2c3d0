package io.ragfit.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A Kafka broker (KRaft, broker and controller in one process) with a fresh log directory. */
final class KafkaBroker implements Backend {

    static final String VERSION = "4.1.2";
    private static final String LOG4J_BINDING = "org.apache.logging.log4j:log4j-slf4j-impl:2.24.3";

    private final Process process;
    private final int port;
    private final Path log;

    private KafkaBroker(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static KafkaBroker start(Path stackDir, ProcessRecords records, Duration timeout) {
        Path home = stackDir.resolve("kafka");
        DevStack.deleteRecursively(home);
        Path logDir = home.resolve("data");
        Path config = home.resolve("server.properties");
        int port = LoopbackPorts.free();
        int controllerPort = LoopbackPorts.free();
        writeConfig(config, logDir, port, controllerPort);
        List<Path> classpath = MavenJars.resolve("org.apache.kafka:kafka_2.13:" + VERSION, LOG4J_BINDING)
                .stream()
                .map(MavenJars.Jar::path)
                .toList();
        Path log = stackDir.resolve("logs").resolve("kafka.log");
        Process process = ChildJvm.start("/io/ragfit/devstack/KafkaLauncher.java", home, classpath,
                List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-Dorg.apache.logging.log4j.level=INFO"),
                List.of(config.toString(), logDir.toString()), log);
        records.record("kafka", process.pid());
        KafkaBroker broker = new KafkaBroker(process, port, log);
        try {
            ChildJvm.awaitReady("Kafka", process, log, timeout, () -> LoopbackPorts.accepts(port));
            ChildJvm.awaitReady("Kafka", process, log, timeout, broker::servesMetadata);
        } catch (RuntimeException notReady) {
            broker.stop();
            throw notReady;
        }
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public Map<String, String> quarkusConfig() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public String summary() {
        return "Kafka " + VERSION + " at " + bootstrapServers() + " (PID " + process.pid() + ", log " + log + ")";
    }

    @Override
    public void stop() {
        ChildJvm.stop(process);
    }

    private boolean servesMetadata() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    private static void writeConfig(Path config, Path logDir, int port, int controllerPort) {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        try {
            Files.createDirectories(logDir);
            Files.writeString(config, properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
