package io.ragfit.testing;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.ragfit.devstack.DevStack;

/**
 * Real Kafka, Elasticsearch and PostgreSQL for every {@code @QuarkusTest}, started once per test JVM
 * and stopped when it exits. Quarkus may load this class once per application restart (each test
 * profile gets its own class loader), so the started stack is remembered in a system property, the one
 * place all those class loaders share.
 */
@WithTestResource(value = DevStackResource.class, scope = TestResourceScope.GLOBAL)
public class DevStackResource implements QuarkusTestResourceLifecycleManager {

    private static final String STARTED_STACK = "ragfit.devstack.test-config";

    @Override
    public Map<String, String> start() {
        // Quarkus starts test resources one at a time, so checking then setting needs no lock
        String started = System.getProperty(STARTED_STACK);
        if (started == null) {
            Path base = Path.of(System.getProperty("ragfit.devstack.home", ".ragfit/test-stack"));
            DevStack stack = DevStack.startEphemeral(base);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "devstack-stop"));
            started = serialize(stack.quarkusConfig());
            System.setProperty(STARTED_STACK, started);
        }
        return deserialize(started);
    }

    @Override
    public void stop() {
        // shared by every test class: the shutdown hook stops it when the test JVM exits
    }

    private static String serialize(Map<String, String> config) {
        Properties properties = new Properties();
        properties.putAll(config);
        StringWriter out = new StringWriter();
        try {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Map<String, String> deserialize(String serialized) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(serialized));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.stringPropertyNames().stream()
                .collect(Collectors.toMap(name -> name, properties::getProperty));
    }
}
