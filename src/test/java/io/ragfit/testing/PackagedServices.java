package io.ragfit.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.ragfit.devstack.DevStack;
import io.ragfit.devstack.ServiceProcess;

/**
 * What every *IT test needs: a throwaway stack, a model double, and instances of the packaged service
 * ({@code target/quarkus-app}) started on them as processes of their own, to kill and start again.
 */
public final class PackagedServices implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final DevStack stack;
    private final OpenAiDouble models;
    private final List<ServiceProcess> instances = new ArrayList<>();

    private PackagedServices(DevStack stack, OpenAiDouble models) {
        this.stack = stack;
        this.models = models;
    }

    public static PackagedServices start() {
        DevStack stack = DevStack.startEphemeral(Path.of(System.getProperty("ragfit.devstack.home", ".ragfit/it-stack")));
        return new PackagedServices(stack, OpenAiDouble.start(8));
    }

    public DevStack stack() {
        return stack;
    }

    public OpenAiDouble models() {
        return models;
    }

    public KafkaTopics kafka() {
        return new KafkaTopics(stack.quarkusConfig().get("kafka.bootstrap.servers"));
    }

    /** A new instance of the service, ready, with these system properties ({@code -Dkey=value}). */
    public ServiceProcess instance(List<String> properties) {
        ServiceProcess instance = ServiceProcess.start(stack, JAR, properties);
        instances.add(instance);
        return instance;
    }

    /** Stops every instance started so far: a failed assertion must not leave one working into the next test. */
    public void stopInstances() {
        instances.forEach(ServiceProcess::close);
        instances.clear();
    }

    @Override
    public void close() {
        try {
            stopInstances();
            models.close();
        } finally {
            stack.close();
        }
    }
}
