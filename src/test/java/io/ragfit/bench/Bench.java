package io.ragfit.bench;

import java.nio.file.Path;
import java.util.List;

import io.ragfit.devstack.DevStack;
import io.ragfit.devstack.ServiceProcess;

/** What every benchmark shares: a throwaway stack with the built service, and an explicit end. */
final class Bench implements AutoCloseable {

    interface Body {
        void run() throws Exception;
    }

    final DevStack stack;
    final ServiceProcess service;

    private Bench(DevStack stack, ServiceProcess service) {
        this.stack = stack;
        this.service = service;
    }

    /** A fresh stack in .ragfit/bench-stack and the service built in target/, ready. */
    static Bench start() {
        return start(List.of());
    }

    /** The same, the service given these system properties ({@code -Dkey=value}). */
    static Bench start(List<String> serviceProperties) {
        DevStack stack = DevStack.startEphemeral(Path.of(".ragfit", "bench-stack"));
        try {
            return new Bench(stack, ServiceProcess.start(stack, Path.of("target/quarkus-app/quarkus-run.jar"),
                    serviceProperties));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Runs a benchmark, then ends the JVM: library pools (Mutiny's worker pool outside Quarkus) are not daemons. */
    static void run(Body body) {
        try {
            body.run();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** A token of the devstack's demo user (every role). */
    String token() {
        return io.ragfit.testing.TestTokens.user(stack.oidcRealmUrl(), "demo");
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            stack.close();
        }
    }
}
