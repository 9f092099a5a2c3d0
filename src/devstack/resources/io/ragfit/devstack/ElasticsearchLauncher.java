import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

/**
 * Runs one Elasticsearch node from the server's Maven Central jars, without the distribution's CLI.
 * Started by io.ragfit.devstack.ElasticsearchNode in JDK source-file mode; arguments: the node's home and its
 * HTTP port.
 */
public class ElasticsearchLauncher {

    private static final String NAME = "ragfit-devstack";

    public static void main(String[] args) throws InterruptedException {
        exitWhenOwnerExits();
        Path home = Path.of(args[0]);
        String httpPort = args[1];
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            LogConfigurator.registerErrorListener();
            LogConfigurator.configureESLogging();
            Settings settings = Settings.builder()
                    .put("path.home", home.toString())
                    .put("path.data", home.resolve("data").toString())
                    .put("path.logs", home.resolve("logs").toString())
                    .put("cluster.name", NAME)
                    .put("node.name", NAME)
                    .put("discovery.type", "single-node")
                    .put("network.host", "127.0.0.1")
                    .put("http.port", httpPort)
                    .put("transport.port", "0")
                    .put("cluster.routing.allocation.disk.threshold_enabled", false)
                    .build();
            Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(),
                    home.resolve("config"), () -> NAME);
            LogConfigurator.setNodeName(NAME);
            LogConfigurator.configure(environment, true);
            PluginsLoader plugins = PluginsLoader.createPluginsLoader(
                    PluginsLoader.loadModulesBundles(environment.modulesDir()),
                    PluginsLoader.loadPluginsBundles(environment.pluginsDir()),
                    Map.of(),
                    false);
            Node node = new Node(environment, plugins);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                close(node);
                stopped.countDown();
            }));
            node.start();
        } catch (Throwable startupFailure) {
            // a node that failed after its threads started would keep this JVM alive
            startupFailure.printStackTrace();
            System.exit(1);
        }
        // the node's threads are daemons: like the distribution's bootstrap, keep one thread that is not
        stopped.await();
    }

    private static void close(Node node) {
        try {
            node.close();
            node.awaitClose(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    /** The owner holds our stdin open; end of input means it is gone, however it died. */
    private static void exitWhenOwnerExits() {
        Thread.ofPlatform().daemon().name("owner-watch").start(() -> {
            try {
                System.in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException brokenPipe) {
                // the same news as end of input
            }
            System.exit(0);
        });
    }
}
