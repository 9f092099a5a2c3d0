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

final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port free on the loopback interface right now (for servers that cannot pick their own). */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
