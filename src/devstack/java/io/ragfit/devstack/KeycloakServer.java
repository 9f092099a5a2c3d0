package io.ragfit.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A Keycloak server (the OIDC provider) from the distribution Keycloak publishes on Maven Central, with the
 * {@code ragfit} realm imported: roles viewer, evaluator and admin, users for each, and a batch client.
 * The distribution is unpacked and built once per machine (optimised start, dev-file database); each stack
 * runs it with its own database, transaction log and ports, so several stacks share one built copy.
 */
final class KeycloakServer implements Backend {

    static final String VERSION = "26.7.3";
    static final String REALM = "ragfit";
    private static final String REALM_RESOURCE = "/io/ragfit/devstack/keycloak-realm.json";

    private final Path home;
    private final Path distribution;
    private final ProcessRecords records;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile Process process;

    private KeycloakServer(Path stackDir, Path distribution, ProcessRecords records, Map<String, Integer> ports) {
        this.home = stackDir.resolve("keycloak");
        this.distribution = distribution;
        this.records = records;
        this.port = ports.get("http");
        this.managementPort = ports.get("management");
        this.log = stackDir.resolve("logs").resolve("keycloak.log");
    }

    static KeycloakServer start(Path stackDir, ProcessRecords records, Duration timeout) {
        Path distribution = builtDistribution();
        Path home = stackDir.resolve("keycloak");
        ChildJvm.copyResource(REALM_RESOURCE, home.resolve("import").resolve(REALM + "-realm.json"));
        KeycloakServer server = new KeycloakServer(stackDir, distribution, records,
                LoopbackPorts.kept(home.resolve("ports.properties"), "http", "management"));
        server.launch(timeout);
        return server;
    }

    private void launch(Duration timeout) {
        List<Path> classpath = List.of(distribution.resolve("lib").resolve("quarkus-run.jar"));
        process = ChildJvm.start("/io/ragfit/devstack/KeycloakLauncher.java", home, classpath, jvmOptions(),
                List.of("start", "--optimized", "--http-enabled=true", "--cache=local",
                        "--http-host=127.0.0.1", "--http-port=" + port,
                        "--http-management-host=127.0.0.1", "--http-management-port=" + managementPort,
                        "--hostname=" + url(), "--import-realm"),
                log);
        records.record(name(), process.pid());
        try {
            // the "started" line comes before bootstrap ends: only the realm's discovery document says ready
            ChildJvm.awaitReady("Keycloak", process, log, timeout, this::realmServed);
        } catch (RuntimeException notReady) {
            stop();
            throw notReady;
        }
    }

    private String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The issuer of the realm's tokens, which the service is configured with. */
    String realmUrl() {
        return url() + "/realms/" + REALM;
    }

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public Map<String, String> quarkusConfig() {
        return Map.of("quarkus.oidc.auth-server-url", realmUrl(),
                "quarkus.oidc.web.credentials.secret", DevRealm.WEB_CLIENT_SECRET);
    }

    @Override
    public String summary() {
        return "Keycloak " + VERSION + " at " + realmUrl() + " (PID " + process.pid() + ", log " + log + ")";
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

    private boolean realmServed() {
        return ChildJvm.answersOk(http, URI.create(realmUrl() + "/.well-known/openid-configuration"));
    }

    private List<String> jvmOptions() {
        Path dist = distribution;
        return List.of(
                // small and quick to start: a realm of a few users needs little
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=64m", "-Xss512k",
                "-Xms32m", "-Xmx256m", "-XX:MaxMetaspaceSize=256m", "-XX:+ExitOnOutOfMemoryError",
                "-Dfile.encoding=UTF-8", "-Djava.security.egd=file:/dev/urandom",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.base/java.security=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Duser.language=en", "-Duser.country=US",
                "-Djava.util.concurrent.ForkJoinPool.common.threadFactory="
                        + "io.quarkus.bootstrap.forkjoin.QuarkusForkJoinWorkerThreadFactory",
                "-Dkc.home.dir=" + dist, "-Djboss.server.config.dir=" + dist.resolve("conf"),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Dpicocli.disable.closures=true",
                // everything this server writes stays in the stack, so the built distribution can be shared
                "-Dkc.db-url-path=" + home.resolve("data").resolve("keycloakdb"),
                "-Dkeycloak.migration.dir=" + home.resolve("import"),
                "-Dquarkus.transaction-manager.object-store.directory=" + home.resolve("transaction-logs"),
                "-Djava.io.tmpdir=" + home);
    }

    /**
     * The distribution, unpacked and built for an optimised start, in the devstack cache ({@code
     * ragfit.devstack.cache}, by default ~/.cache/ragfit): done once per machine, under a lock, as stacks may
     * start at the same time.
     */
    private static Path builtDistribution() {
        Path cache = Path.of(System.getProperty("ragfit.devstack.cache",
                Path.of(System.getProperty("user.home"), ".cache", "ragfit").toString()));
        Path built = cache.resolve("keycloak-" + VERSION);
        if (Files.exists(built.resolve("built"))) {
            return built;
        }
        try {
            Files.createDirectories(cache);
            try (FileChannel lockFile = FileChannel.open(cache.resolve("keycloak-" + VERSION + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                if (!Files.exists(built.resolve("built"))) {
                    Path staging = cache.resolve("keycloak-" + VERSION + ".staging");
                    DevStack.deleteRecursively(staging);
                    unzip(MavenJars.artifact("org.keycloak:keycloak-quarkus-dist:zip:" + VERSION), staging);
                    Path unpacked = staging.resolve("keycloak-" + VERSION);
                    build(unpacked);
                    DevStack.deleteRecursively(built);
                    Files.move(unpacked, built, StandardCopyOption.ATOMIC_MOVE);
                    DevStack.deleteRecursively(staging);
                }
            }
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Keycloak in " + cache, e);
        }
    }

    private static void build(Path distribution) throws IOException {
        Path log = distribution.resolve("build.log");
        ProcessBuilder builder = new ProcessBuilder("bash", distribution.resolve("bin").resolve("kc.sh").toString(),
                "build", "--db=dev-file", "--health-enabled=true")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", ChildJvm.javaExecutable().getParent().getParent().toString());
        Process build = builder.start();
        try {
            if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
                build.destroyForcibly();
                throw new IllegalStateException("Keycloak's build failed. End of " + log + ":\n" + ChildJvm.tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building Keycloak", e);
        }
        Files.writeString(distribution.resolve("built"), VERSION + "\n");
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
