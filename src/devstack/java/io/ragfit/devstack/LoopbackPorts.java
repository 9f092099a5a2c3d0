package io.ragfit.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

final class LoopbackPorts {

    private LoopbackPorts() {
    }

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port free on the loopback interface right now (for servers that cannot pick their own), taken below
     * the kernel's ephemeral range: a port the kernel handed out could be handed out again, to another
     * listener or as the source port of an outgoing connection, in the seconds before a slow server binds it.
     */
    static int free() {
        int below = ephemeralLow();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = random.nextInt(LOWEST, below);
            if (isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port between " + LOWEST + " and " + below);
    }

    private static int ephemeralLow() {
        try {
            int low = Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+")[0]);
            return low > LOWEST + 1_000 ? low : 32_768;
        } catch (IOException | RuntimeException notLinux) {
            return 32_768;
        }
    }

    /**
     * A backend's ports, kept in {@code file} so that it comes back where clients expect it: the ports it had
     * last time when they are still free, new free ones otherwise.
     */
    static Map<String, Integer> kept(Path file, String... names) {
        Properties known = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                known.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : names) {
            String previous = known.getProperty(name);
            int port = previous != null && isFree(Integer.parseInt(previous)) ? Integer.parseInt(previous) : free();
            ports.put(name, port);
            known.setProperty(name, Integer.toString(port));
        }
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                known.store(out, "ports of this backend, reused when it starts again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ports;
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
