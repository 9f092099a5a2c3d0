package io.ragfit.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * A single Elasticsearch node laid out like the official tarball (server jars on the classpath, the
 * Netty HTTP transport as a module), minus the distribution's CLI and the modules Maven Central lacks.
 */
final class ElasticsearchNode implements Backend {

    static final String VERSION = "9.2.0";
    private static final String NETTY_MODULE = "transport-netty4";
    private static final String DESCRIPTOR = "META-INF/es-plugins/" + NETTY_MODULE + "/plugin-descriptor.properties";
    private static final Path SYSTEM_ZSTD = Path.of("/usr/lib/x86_64-linux-gnu/libzstd.so.1");

    private final Path home;
    private final List<Path> serverJars;
    private final ProcessRecords records;
    private final String address;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;

    private ElasticsearchNode(Path stackDir, List<Path> serverJars, ProcessRecords records, int port) {
        this.home = stackDir.resolve("elasticsearch");
        this.serverJars = serverJars;
        this.records = records;
        this.address = "127.0.0.1:" + port;
        this.log = stackDir.resolve("logs").resolve("elasticsearch.log");
    }

    static ElasticsearchNode start(Path stackDir, ProcessRecords records, Duration timeout) {
        Path home = stackDir.resolve("elasticsearch");
        List<MavenJars.Jar> jars = MavenJars.resolve(
                "org.elasticsearch:elasticsearch:" + VERSION,
                "org.elasticsearch.plugin:" + NETTY_MODULE + ":" + VERSION);
        List<Path> serverJars = jars.stream().filter(jar -> !isNettyModule(jar)).map(MavenJars.Jar::path).toList();
        prepareHome(home, jars.stream().filter(ElasticsearchNode::isNettyModule).map(MavenJars.Jar::path).toList());
        int port = LoopbackPorts.kept(home.resolve("ports.properties"), "http").get("http");
        ElasticsearchNode node = new ElasticsearchNode(stackDir, serverJars, records, port);
        node.launch(timeout);
        return node;
    }

    /** Starts the node's process on its port, with the data it has, and waits until the cluster is healthy. */
    private void launch(Duration timeout) {
        process = ChildJvm.start("/io/ragfit/devstack/ElasticsearchLauncher.java", home, serverJars,
                jvmOptions(home), List.of(home.toString(), address.substring(address.indexOf(':') + 1)), log);
        records.record(name(), process.pid());
        try {
            ChildJvm.awaitReady("Elasticsearch", process, log, timeout, this::clusterHealthy);
        } catch (RuntimeException notReady) {
            stop();
            throw notReady;
        }
    }

    String address() {
        return address;
    }

    @Override
    public String name() {
        return "elasticsearch";
    }

    @Override
    public void kill() {
        ChildJvm.kill(process);
    }

    @Override
    public void restart(Duration timeout) {
        launch(timeout);
    }

    @Override
    public Map<String, String> quarkusConfig() {
        // a single node cannot hold replicas: corpus indices would stay yellow
        return Map.of("quarkus.elasticsearch.hosts", address, "ragfit.retrieval.replicas", "0");
    }

    @Override
    public String summary() {
        return "Elasticsearch " + VERSION + " at http://" + address + " (PID " + process.pid() + ", log " + log + ")";
    }

    @Override
    public void stop() {
        ChildJvm.stop(process);
    }

    private boolean clusterHealthy() {
        return ChildJvm.answersOk(http, URI.create("http://" + address + "/_cluster/health?wait_for_status=yellow&timeout=1s"));
    }

    private static boolean isNettyModule(MavenJars.Jar jar) {
        // elasticsearch-plugin-api shares the plugin group id but belongs to the server: filter by artifact
        return jar.groupId().equals("io.netty") || jar.artifactId().equals(NETTY_MODULE);
    }

    private static void prepareHome(Path home, List<Path> moduleJars) {
        try {
            for (String dir : List.of("data", "logs", "plugins", "tmp", "native", "config")) {
                Files.createDirectories(home.resolve(dir));
            }
            ChildJvm.copyResource("/io/ragfit/devstack/elasticsearch-log4j2.properties",
                    home.resolve("config").resolve("log4j2.properties"));
            Path module = home.resolve("modules").resolve(NETTY_MODULE);
            DevStack.deleteRecursively(module);
            Files.createDirectories(module);
            for (Path jar : moduleJars) {
                Files.copy(jar, module.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            Path nettyPluginJar = moduleJars.stream()
                    .filter(jar -> jar.getFileName().toString().startsWith(NETTY_MODULE))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(NETTY_MODULE + " jar not resolved"));
            Files.writeString(module.resolve("plugin-descriptor.properties"), classpathDescriptor(nettyPluginJar));
            Path zstd = home.resolve("native").resolve("libzstd.so");
            if (Files.exists(SYSTEM_ZSTD) && !Files.exists(zstd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(zstd, SYSTEM_ZSTD);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Elasticsearch home " + home, e);
        }
    }

    /** The module's descriptor without its module name: on the classpath the module is unnamed. */
    private static String classpathDescriptor(Path nettyPluginJar) throws IOException {
        try (JarFile jar = new JarFile(nettyPluginJar.toFile());
                InputStream descriptor = jar.getInputStream(jar.getEntry(DESCRIPTOR))) {
            return new String(descriptor.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("modulename="))
                    .collect(Collectors.joining("\n", "", "\n"));
        }
    }

    private static List<String> jvmOptions(Path home) {
        return List.of(
                "-Xms512m",
                "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules=jdk.incubator.vector",
                "-Des.path.home=" + home,
                "-Des.nativelibs.path=" + home.resolve("native"),
                "-Dorg.elasticsearch.nativeaccess.enableVectorLibrary=false",
                "-Dio.netty.noUnsafe=true",
                "-Dlog4j2.formatMsgNoLookups=true",
                "-Djava.io.tmpdir=" + home.resolve("tmp"));
    }
}
