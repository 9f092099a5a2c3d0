import java.io.IOException;
import java.io.OutputStream;

import io.quarkus.bootstrap.runner.QuarkusEntryPoint;

/**
 * Runs Keycloak's optimised server (the distribution's own entry point) in this JVM, and exits when the
 * owner closes our standard input: Keycloak itself would outlive a SIGKILLed owner. Started by
 * io.ragfit.devstack.KeycloakServer in JDK source-file mode; arguments: Keycloak's own.
 */
public class KeycloakLauncher {

    public static void main(String[] args) throws Throwable {
        Thread.ofPlatform().daemon().name("owner-watch").start(() -> {
            try {
                System.in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException brokenPipe) {
                // the same news as end of input
            }
            System.exit(0);
        });
        QuarkusEntryPoint.main(args);
    }
}
