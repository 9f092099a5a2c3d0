package io.ragfit.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A backend in a JVM of its own, started from a single-file launcher source (JDK source-file mode), so the
 * backend's jars never meet the service's classpath. The child's standard input is a pipe held by this
 * JVM: the launchers exit when it closes, which is what happens when this JVM dies, even by SIGKILL.
 */
final class ChildJvm {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private ChildJvm() {
    }

    static Process start(String launcherResource, Path workDir, List<Path> classpath, List<String> jvmOptions,
            List<String> args, Path log) {
        Path launcher = workDir.resolve(Path.of(launcherResource).getFileName());
        copyResource(launcherResource, launcher);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
        command.add(launcher.toString());
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.getFirst(), e);
        }
    }

    /** Polls {@code ready} until it holds; fails early, with the end of the log, if the process dies. */
    static void awaitReady(String what, Process process, Path log, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with code " + process.exitValue()
                        + " before it was ready. End of " + log + ":\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " was not ready after " + timeout.toSeconds()
                        + " s. End of " + log + ":\n" + tail(log));
            }
            pause();
        }
    }

    /** True when {@code url} answers 200 within 3 s; false while the server is not up yet. */
    static boolean answersOk(HttpClient http, URI url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void stop(Process process) {
        ProcessRecords.stop(process.toHandle());
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, then waits until the process is gone. */
    static void kill(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Path javaExecutable() {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("devstack needs a Java 21+ JDK (Elasticsearch 9 requires it); this JVM is "
                    + Runtime.version() + ". Set JAVA_HOME to a JDK 21+ (./ragfit finds one for you).");
        }
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static void copyResource(String resource, Path target) {
        try (InputStream in = ChildJvm.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + resource);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a backend", e);
        }
    }
}
