package io.ragfit.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LoopbackPortsTests {

    @Test
    void shouldHandOutDistinctPortsThatTheKernelDoesNotHandOutItself() throws Exception {
        int ephemeralLow = Integer.parseInt(
                Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+")[0]);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ports.add(LoopbackPorts.free());
        }
        assertThat(ports).hasSize(200).allSatisfy(port -> assertThat(port).isLessThan(ephemeralLow));

        int picked = LoopbackPorts.free();
        try (ServerSocket bound = new ServerSocket(picked, 1, InetAddress.getLoopbackAddress())) {
            assertThat(bound.getLocalPort()).as("the port can be bound").isEqualTo(picked);
        }
    }
}
