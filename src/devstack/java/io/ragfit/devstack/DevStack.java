package io.ragfit.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Kafka broker, Elasticsearch node, PostgreSQL server and Keycloak (the OIDC provider) on free loopback ports, each a process of
 * its own, for tests and for running ragfit on a machine without Docker. Development-only: it lives in
 * the test classpath and never ships with the service.
 */
public final class DevStack implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DevStack.class.getName());

    private final Path dir;
    private final ProcessRecords records;
    private final List<Started> backends;
    private final boolean keepData;
    private final List<Process> adopted = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Started(Backend backend, Duration startup) {
    }

    private DevStack(Path dir, ProcessRecords records, List<Started> backends, boolean keepData) {
        this.dir = dir;
        this.records = records;
        this.backends = backends;
        this.keepData = keepData;
    }

    /**
     * A throwaway stack in a fresh sub-directory of {@code baseDir}, deleted on close. Stacks left in
     * {@code baseDir} by runs that were killed are stopped and deleted first.
     */
    public static DevStack startEphemeral(Path baseDir) {
        Path base = baseDir.toAbsolutePath().normalize();
        removeAbandonedStacks(base);
        return start(base.resolve("run-" + ProcessHandle.current().pid()), false);
    }

    /** A stack whose data (Kafka's log, Elasticsearch's indices, PostgreSQL's tables) survives restarts. */
    public static DevStack startPersistent(Path dir) {
        return start(dir.toAbsolutePath().normalize(), true);
    }

    private static DevStack start(Path dir, boolean keepData) {
        // how long each server may take to answer once its process runs (jar downloads come before)
        Duration timeout = Duration.ofSeconds(Long.getLong("ragfit.devstack.timeout-seconds", 120));
        ProcessRecords records = new ProcessRecords(dir);
        records.claim();
        List<Supplier<Started>> starters = List.of(
                timed(() -> KafkaBroker.start(dir, records, timeout)),
                timed(() -> ElasticsearchNode.start(dir, records, timeout)),
                timed(() -> PostgresServer.start(dir, records, timeout)),
                timed(() -> KeycloakServer.start(dir, records, timeout)));
        ExecutorService executor = Executors.newFixedThreadPool(starters.size());
        try {
            List<CompletableFuture<Started>> starting = starters.stream()
                    .map(starter -> CompletableFuture.supplyAsync(starter, executor))
                    .toList();
            try {
                CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException failure) {
                starting.stream()
                        .filter(backend -> !backend.isCompletedExceptionally())
                        .forEach(started -> started.join().backend().stop());
                records.release();
                throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
            }
            DevStack stack = new DevStack(dir, records, starting.stream().map(CompletableFuture::join).toList(),
                    keepData);
            LOG.log(Level.INFO, "devstack ready in {0}:\n{1}", dir, stack.summary());
            return stack;
        } finally {
            executor.shutdown();
        }
    }

    private static Supplier<Started> timed(Supplier<Backend> starter) {
        return () -> {
            long begin = System.nanoTime();
            Backend backend = starter.get();
            return new Started(backend, Duration.ofNanos(System.nanoTime() - begin));
        };
    }

    /** Properties that point the service at this stack. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new TreeMap<>();
        backends.forEach(started -> config.putAll(started.backend().quarkusConfig()));
        return config;
    }

    /**
     * What a service running on this machine against the stack is given ({@code ./ragfit up}, benchmarks, the
     * *IT tests): the stack's settings, and model endpoints on this machine allowed (the model doubles, a local
     * vLLM).
     */
    public Map<String, String> localServiceConfig() {
        Map<String, String> config = new TreeMap<>(quarkusConfig());
        config.put("ragfit.outbound.allowed-hosts", "127.0.0.1,localhost");
        config.put("ragfit.outbound.allowed-cidrs", "127.0.0.1/32");
        return config;
    }

    /** The realm of the stack's OIDC provider, whose tokens the service accepts. */
    public String oidcRealmUrl() {
        return quarkusConfig().get("quarkus.oidc.auth-server-url");
    }

    public String summary() {
        return backends.stream()
                .map(started -> String.format("  %s, ready in %.1f s", started.backend().summary(),
                        started.startup().toMillis() / 1000.0))
                .collect(Collectors.joining("\n"));
    }

    public Path directory() {
        return dir;
    }

    /**
     * SIGKILLs one backend ({@code kafka}, {@code elasticsearch}, {@code postgres} or {@code keycloak}), as when its node dies;
     * returns once it is gone.
     */
    public void kill(String backend) {
        named(backend).kill();
    }

    /** Starts a killed backend again, on the same ports with the data it had, and waits until it is ready. */
    public void restart(String backend) {
        named(backend).restart(Duration.ofSeconds(Long.getLong("ragfit.devstack.timeout-seconds", 120)));
    }

    private Backend named(String name) {
        return backends.stream().map(Started::backend).filter(backend -> backend.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no backend " + name + "; backends: "
                        + backends.stream().map(started -> started.backend().name()).toList()));
    }

    /** Records a process started for this stack, so that a run that dies leaves it to be stopped by the next. */
    void adopt(String name, Process process) {
        adopted.add(process);
        records.record(name, process.pid());
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        // a service started against the stack and left running by its owner (a failed test) goes first
        adopted.stream().filter(Process::isAlive).forEach(ChildJvm::stop);
        for (Started started : backends) {
            try {
                started.backend().stop();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        records.release();
        keepLogs();
        if (!keepData && failures.isEmpty()) {
            deleteRecursively(dir);
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    /** A throwaway stack's logs outlive it where {@code ragfit.devstack.logs-to} says (the tests' target folder). */
    private void keepLogs() {
        String target = System.getProperty("ragfit.devstack.logs-to");
        Path logs = dir.resolve("logs");
        if (target == null || keepData || !Files.isDirectory(logs)) {
            return;
        }
        Path kept = Path.of(target).resolve(dir.getFileName());
        try (Stream<Path> files = Files.list(logs)) {
            Files.createDirectories(kept);
            for (Path file : files.toList()) {
                Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot keep the logs of {0}: {1}", dir, e.getMessage());
        }
    }

    private static void removeAbandonedStacks(Path base) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> stacks = Files.list(base)) {
            stacks.filter(Files::isDirectory)
                    .filter(stack -> !new ProcessRecords(stack).ownedByAnotherLiveProcess())
                    .forEach(stack -> {
                        new ProcessRecords(stack).stopLeftovers();
                        deleteRecursively(stack);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + path, e);
        }
    }
}
