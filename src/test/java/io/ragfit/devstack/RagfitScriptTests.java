package io.ragfit.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./ragfit} script, run as a user runs it. */
class RagfitScriptTests {

    @TempDir
    Path state;

    @Test
    void shouldRefuseToStartWhenTheServicePortIsTakenNamingThePortItsHolderAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (String command : new String[] { "up", "demo", "dev" }) {
                ProcessBuilder builder = new ProcessBuilder("./ragfit", command).redirectErrorStream(true);
                builder.environment().put("RAGFIT_HTTP_PORT", Integer.toString(taken.getLocalPort()));
                builder.environment().put("RAGFIT_STATE_DIR", state.toString());
                Process ragfit = builder.start();
                try {
                    assertThat(ragfit.waitFor(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS)).as(command).isTrue();
                    String output = new String(ragfit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                    assertThat(ragfit.exitValue()).as(command).isNotZero();
                    assertThat(output).as(command).contains("port " + taken.getLocalPort() + ", which the service needs",
                            "RAGFIT_HTTP_PORT", "./ragfit " + command).doesNotContain("building");
                    if (hasSs()) {
                        assertThat(output).as(command).contains("(PID " + ProcessHandle.current().pid() + ")");
                    }
                } finally {
                    // a script that went on despite the port would be building in this project: stop it and its children
                    ragfit.descendants().forEach(ProcessHandle::destroyForcibly);
                    ragfit.destroyForcibly();
                }
            }
        }
        assertThat(nothingStartedIn(state)).isTrue();
        assertThat(state.resolve("run")).doesNotExist();
    }

    /** Whether {@code ss} is here to name the program holding a port (the script says "another program" without it). */
    private static boolean hasSs() {
        return Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss"));
    }

    private static boolean nothingStartedIn(Path state) throws IOException {
        try (var files = Files.walk(state)) {
            return files.noneMatch(file -> file.toString().endsWith(".pid"));
        }
    }
}
