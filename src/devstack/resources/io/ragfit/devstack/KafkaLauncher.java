import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Formats a KRaft log directory (once) and runs a combined broker + controller from Kafka's Maven Central
 * jars. Started by io.ragfit.devstack.KafkaBroker in JDK source-file mode; arguments: server.properties
 * and the log directory it names.
 */
public class KafkaLauncher {

    public static void main(String[] args) throws Exception {
        exitWhenOwnerExits();
        String config = args[0];
        Path logDir = Path.of(args[1]);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int formatted = StorageTool.execute(new String[] {
                    "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config }, System.out);
            if (formatted != 0) {
                System.exit(formatted);
            }
        }
        Kafka.main(new String[] { config });
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
