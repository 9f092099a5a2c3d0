package io.ragfit.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens when the process that owns a stack is SIGKILLed, as a killed test JVM or ./ragfit up would be. */
class DevStackOwnerKilledTests {

    @TempDir
    Path workDir;

    private Process owner;
    private Map<String, ProcessHandle> backends = Map.of();

    @AfterEach
    void stopEverything() {
        if (owner != null) {
            owner.destroyForcibly();
        }
        backends.values().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void shouldLeaveNothingRunningOnceTheNextRunHasClaimedTheDirectory() throws Exception {
        Path stackDir = workDir.resolve("stack");
        Path serviceArguments = workDir.resolve("service.args");
        owner = new ProcessBuilder(ChildJvm.javaExecutable().toString(),
                "-cp", System.getProperty("java.class.path"),
                DevStackMain.class.getName(), "run", stackDir.toString(), serviceArguments.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("owner.log").toFile())
                .start();
        await().atMost(Duration.ofMinutes(4)).until(() -> Files.exists(serviceArguments) || !owner.isAlive());
        assertThat(owner.isAlive()).as("stack started; see " + workDir.resolve("owner.log")).isTrue();
        backends = recordedProcesses(stackDir);
        assertThat(backends).containsOnlyKeys("kafka", "elasticsearch", "postgres", "keycloak");

        owner.destroyForcibly();

        // the JVM backends watch their owner through their standard input and leave with it
        await().atMost(Duration.ofSeconds(60)).until(() -> !backends.get("kafka").isAlive()
                && !backends.get("elasticsearch").isAlive() && !backends.get("keycloak").isAlive());
        // PostgreSQL cannot watch its owner: the next run in this directory stops it
        assertThat(backends.get("postgres").isAlive()).isTrue();
        new ProcessRecords(stackDir).claim();
        assertThat(backends.get("postgres").isAlive()).isFalse();
    }

    private static Map<String, ProcessHandle> recordedProcesses(Path stackDir) throws IOException {
        try (Stream<Path> records = Files.list(stackDir.resolve("processes"))) {
            return records.collect(Collectors.toMap(
                    record -> record.getFileName().toString().replace(".pid", ""),
                    record -> ProcessHandle.of(Long.parseLong(read(record))).orElseThrow()));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
