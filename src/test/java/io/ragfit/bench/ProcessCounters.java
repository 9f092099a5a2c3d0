package io.ragfit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and peak resident memory, as Linux counts them in {@code /proc}. */
final class ProcessCounters {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCounters() {
    }

    /** User plus system CPU seconds the process has used. */
    static double cpuSeconds(long pid) {
        return ticks(read(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
    }

    /** utime plus stime of a {@code stat} line. */
    private static long ticks(String stat) {
        // fields after the command name (which may hold spaces), from field 3 on: utime is 14, stime 15
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** User plus system CPU seconds used by the process's threads whose name starts with {@code prefix}. */
    static double threadCpuSeconds(long pid, String prefix) {
        try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return threads.mapToDouble(thread -> {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    return name.startsWith(prefix) ? ticks(stat) : 0;
                } catch (IOException e) {
                    return 0; // the thread ended meanwhile
                }
            }).sum() / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The most resident memory the process has held, in MiB (VmHWM). */
    static double peakRssMiB(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "status")).lines()
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElseThrow() / 1024.0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
