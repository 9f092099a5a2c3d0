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

/**
 * A Kafka broker (KRaft, broker and controller in one process). Its log is kept in the stack directory, as a
 * real broker keeps it: a broker started again (after a crash, or with the stack) has its topics, records and
 * consumer offsets; only a new stack directory starts with an empty log.
 */
final class KafkaBroker implements Backend {

    static final String VERSION = "4.1.2";
    private static final String LOG4J_BINDING = "org.apache.logging.log4j:log4j-slf4j-impl:2.24.3";

    private final Path home;
    private final Path config;
    private final Path logDir;
    private final List<Path> classpath;
    private final ProcessRecords records;
    private final int port;
    private final Path log;
    private volatile Process process;

    private KafkaBroker(Path stackDir, ProcessRecords records, List<Path> classpath, int port, Path config) {
        this.home = stackDir.resolve("kafka");
        this.config = config;
        this.logDir = home.resolve("data");
        this.classpath = classpath;
        this.records = records;
        this.port = port;
        this.log = stackDir.resolve("logs").resolve("kafka.log");
    }

    static KafkaBroker start(Path stackDir, ProcessRecords records, Duration timeout) {
        Path home = stackDir.resolve("kafka");
        Map<String, Integer> ports = LoopbackPorts.kept(home.resolve("ports.properties"), "broker", "controller");
        Path config = home.resolve("server.properties");
        writeConfig(config, home.resolve("data"), ports.get("broker"), ports.get("controller"));
        List<Path> classpath = MavenJars.resolve("org.apache.kafka:kafka_2.13:" + VERSION, LOG4J_BINDING)
                .stream()
                .map(MavenJars.Jar::path)
                .toList();
        KafkaBroker broker = new KafkaBroker(stackDir, records, classpath, ports.get("broker"), config);
        broker.launch(timeout);
        return broker;
    }

    /** Starts the broker's process (formatting its log directory the first time) and waits until it serves metadata. */
    private void launch(Duration timeout) {
        process = ChildJvm.start("/io/ragfit/devstack/KafkaLauncher.java", home, classpath,
                List.of("-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-Dorg.apache.logging.log4j.level=INFO"),
                List.of(config.toString(), logDir.toString()), log);
        records.record(name(), process.pid());
        try {
            ChildJvm.awaitReady("Kafka", process, log, timeout, () -> LoopbackPorts.accepts(port));
            ChildJvm.awaitReady("Kafka", process, log, timeout, this::servesMetadata);
        } catch (RuntimeException notReady) {
            stop();
            throw notReady;
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String name() {
        return "kafka";
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

    @Override
    public void kill() {
        ChildJvm.kill(process);
    }

    @Override
    public void restart(Duration timeout) {
        launch(timeout);
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
