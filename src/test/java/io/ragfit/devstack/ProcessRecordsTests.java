package io.ragfit.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRecordsTests {

    @TempDir
    Path stackDir;

    private Process spawned;

    @AfterEach
    void stopSpawned() {
        if (spawned != null) {
            spawned.destroyForcibly();
        }
    }

    @Test
    void shouldStopWhatADeadOwnerLeftRunning() throws Exception {
        // the directory appears on the command line, as it does for every backend devstack starts
        spawned = new ProcessBuilder("sh", "-c", "sleep 600; exit 0", stackDir.toString()).start();
        ProcessRecords records = new ProcessRecords(stackDir);
        records.record("postgres", spawned.pid());
        ownedBy(deadProcessId());

        records.claim();

        assertThat(spawned.waitFor(20, TimeUnit.SECONDS)).as("leftover stopped").isTrue();
        assertThat(stackDir.resolve("processes").resolve("postgres.pid")).doesNotExist();
        assertThat(Files.readString(stackDir.resolve("owner.pid"))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void shouldLeaveAloneAReusedPidWhoseCommandLineDoesNotNameTheDirectory() throws Exception {
        spawned = new ProcessBuilder("sleep", "600").start();
        ProcessRecords records = new ProcessRecords(stackDir);
        records.record("kafka", spawned.pid());
        ownedBy(deadProcessId());

        records.claim();

        assertThat(spawned.isAlive()).isTrue();
        assertThat(stackDir.resolve("processes").resolve("kafka.pid")).doesNotExist();
    }

    @Test
    void shouldRefuseADirectoryThatAnotherLiveProcessOwns() throws Exception {
        spawned = new ProcessBuilder("sleep", "600").start();
        ownedBy(spawned.pid());

        assertThatThrownBy(() -> new ProcessRecords(stackDir).claim())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already runs")
                .hasMessageContaining(Long.toString(spawned.pid()));
    }

    @Test
    void shouldTreatItsOwnPidAsADeadPreviousRun() throws Exception {
        // a fresh container can hand a new run the PID a killed run had
        ownedBy(ProcessHandle.current().pid());

        ProcessRecords records = new ProcessRecords(stackDir);

        assertThat(records.ownedByAnotherLiveProcess()).isFalse();
        records.claim();
    }

    private void ownedBy(long pid) throws IOException {
        Files.writeString(stackDir.resolve("owner.pid"), Long.toString(pid));
    }

    private static long deadProcessId() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        return exited.pid();
    }
}
