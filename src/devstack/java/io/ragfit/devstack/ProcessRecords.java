package io.ragfit.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PIDs a stack directory's owner started, on disk, so that a later run can stop what a killed owner
 * left behind. A recorded PID is only ever signalled when its command line still names the stack
 * directory, so a PID the system has since reused for something else is left alone.
 */
final class ProcessRecords {

    private static final System.Logger LOG = System.getLogger(ProcessRecords.class.getName());
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final Path stackDir;
    private final Path ownerFile;
    private final Path processesDir;

    ProcessRecords(Path stackDir) {
        this.stackDir = stackDir.toAbsolutePath().normalize();
        this.ownerFile = this.stackDir.resolve("owner.pid");
        this.processesDir = this.stackDir.resolve("processes");
    }

    /** Makes this JVM the owner, after stopping what a dead previous owner left running. */
    void claim() {
        if (ownedByAnotherLiveProcess()) {
            throw new IllegalStateException("A devstack already runs in " + stackDir + " (owner PID "
                    + readPid(ownerFile).orElseThrow() + "). Stop it first (./ragfit down) or use another directory.");
        }
        stopLeftovers();
        write(ownerFile, ProcessHandle.current().pid());
    }

    void record(String name, long pid) {
        write(processesDir.resolve(name + ".pid"), pid);
    }

    /** Forgets everything: called once the owner has stopped its processes itself. */
    void release() {
        try (Stream<Path> records = list()) {
            records.forEach(ProcessRecords::delete);
        }
        delete(ownerFile);
    }

    /**
     * True when another process that is still running owns the directory. A recorded owner with this
     * process's PID is a dead run whose PID the system reused: it does not count.
     */
    boolean ownedByAnotherLiveProcess() {
        return readPid(ownerFile)
                .filter(owner -> owner != ProcessHandle.current().pid())
                .flatMap(ProcessHandle::of)
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    /** Stops every recorded process still running from this directory, then forgets them. */
    void stopLeftovers() {
        try (Stream<Path> records = list()) {
            records.forEach(record -> {
                readPid(record)
                        .flatMap(ProcessHandle::of)
                        .filter(this::startedFromThisDirectory)
                        .ifPresent(process -> {
                            LOG.log(Level.WARNING, "Stopping {0} (PID {1}) left running by a previous run in {2}",
                                    record.getFileName().toString().replace(".pid", ""),
                                    Long.toString(process.pid()), stackDir);
                            stop(process);
                        });
                delete(record);
            });
        }
    }

    static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception notStoppedInTime) {
            process.destroyForcibly();
        }
    }

    private boolean startedFromThisDirectory(ProcessHandle process) {
        return process.isAlive() && process.info().commandLine()
                .map(commandLine -> commandLine.contains(stackDir.toString()))
                .orElse(false);
    }

    private Stream<Path> list() {
        if (!Files.isDirectory(processesDir)) {
            return Stream.empty();
        }
        try {
            return Files.list(processesDir).filter(path -> path.toString().endsWith(".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException missingOrGarbled) {
            return Optional.empty();
        }
    }

    private static void write(Path file, long pid) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Long.toString(pid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
