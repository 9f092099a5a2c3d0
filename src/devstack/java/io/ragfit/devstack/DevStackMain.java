package io.ragfit.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The stack behind {@code ./ragfit up} and {@code down}.
 * <ul>
 * <li>{@code run DIR ARGFILE}: starts a persistent stack in DIR, writes a java argument file of the system
 * properties that point the service at it ({@code java @ARGFILE -jar ...}), and keeps the stack running
 * until this process is stopped (SIGTERM or Ctrl-C), which stops it.
 * <li>{@code stop DIR}: stops whatever a killed {@code run} left running in DIR.
 * </ul>
 */
public final class DevStackMain {

    private DevStackMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        if (args.length == 2 && args[0].equals("stop")) {
            stopLeftovers(Path.of(args[1]));
        } else if (args.length == 3 && args[0].equals("run")) {
            run(Path.of(args[1]), Path.of(args[2]));
        } else {
            System.err.println("usage: DevStackMain run <stack directory> <service argument file to write>\n"
                    + "       DevStackMain stop <stack directory>");
            System.exit(2);
        }
    }

    private static void stopLeftovers(Path dir) {
        ProcessRecords records = new ProcessRecords(dir);
        if (records.ownedByAnotherLiveProcess()) {
            System.err.println("The devstack in " + dir + " still has its owner: stop that process instead.");
            System.exit(1);
        }
        records.stopLeftovers();
    }

    private static void run(Path dir, Path serviceArguments) throws InterruptedException, IOException {
        Files.deleteIfExists(serviceArguments);
        DevStack stack;
        try {
            stack = DevStack.startPersistent(dir);
        } catch (RuntimeException e) {
            System.err.println("devstack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            serviceArguments.toFile().delete();
        }, "devstack-stop"));
        write(serviceArguments, stack);
        System.out.println("devstack ready in " + stack.directory() + ":\n" + stack.summary());
        new CountDownLatch(1).await();
    }

    private static void write(Path target, DevStack stack) throws IOException {
        List<String> arguments = stack.localServiceConfig().entrySet().stream()
                .map(property -> "\"-D" + property.getKey() + "=" + property.getValue() + "\"")
                .toList();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.write(partial, arguments);
        // readers poll for the file: it appears whole or not at all
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
