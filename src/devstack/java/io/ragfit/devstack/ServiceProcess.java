package io.ragfit.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The built service ({@code target/quarkus-app/quarkus-run.jar}) running against a stack, for
 * benchmarks, load tests and restart tests: a separate JVM on a free port, recorded with the stack's processes.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final URI url;
    private final String oidcRealmUrl;

    private ServiceProcess(Process process, URI url, String oidcRealmUrl) {
        this.process = process;
        this.url = url;
        this.oidcRealmUrl = oidcRealmUrl;
    }

    public static ServiceProcess start(DevStack stack, Path jar, List<String> extraSystemProperties) {
        int port = LoopbackPorts.free();
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable().toString());
        // names the stack on the command line: how a later run recognises a leftover of this one
        command.add("-Dragfit.devstack.owner=" + stack.directory());
        stack.localServiceConfig().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(extraSystemProperties);
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        Path log = stack.directory().resolve("logs").resolve("service-" + port + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the service from " + jar + " (build it first)", e);
        }
        stack.adopt("service", process);
        ServiceProcess service = new ServiceProcess(process, URI.create("http://127.0.0.1:" + port), stack.oidcRealmUrl());
        try {
            ChildJvm.awaitReady("The service", process, log, Duration.ofMinutes(3), service::ready);
        } catch (RuntimeException notReady) {
            service.close();
            throw notReady;
        }
        return service;
    }

    public URI url() {
        return url;
    }

    /** The realm whose tokens this service accepts. */
    public String oidcRealmUrl() {
        return oidcRealmUrl;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The service JVM's process id: benchmarks read its CPU time and memory. */
    public long pid() {
        return process.pid();
    }

    private boolean ready() {
        try {
            HttpRequest readiness = HttpRequest.newBuilder(url.resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
            return HttpClient.newHttpClient().send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: the service gets no chance to finish anything, as when a node dies. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ChildJvm.stop(process);
    }
}
