package io.ragfit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and peak resident memory, as Linux counts them in {@code /proc}. */
final class ProcessCounters {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    /** How the machine's processes are told apart: a piece of their command line, and the name it stands for. */
    private static final java.util.Map<String, String> PROGRAMS = new java.util.LinkedHashMap<>();

    static {
        // first those whose class path names the others' libraries
        PROGRAMS.put("quarkus-run.jar", "service");
        PROGRAMS.put("OpenAiDouble", "model doubles");
        PROGRAMS.put("io.ragfit.bench.", "benchmark");
        PROGRAMS.put("org.elasticsearch", "Elasticsearch");
        PROGRAMS.put("KafkaLauncher", "Kafka");
        PROGRAMS.put("postgres", "PostgreSQL");
        PROGRAMS.put("keycloak", "Keycloak");
    }

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

    /** CPU seconds every process on the machine has used since it started (/proc/stat: all but idle and I/O wait). */
    static double machineCpuSeconds() {
        String[] fields = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
        long busy = 0;
        for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(fields[field]);
        }
        return busy / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of the machine's live processes by program ({@link #PROGRAMS}; "other" for the rest), each
     * counting its ended children (PostgreSQL's backends, for one).
     */
    static java.util.Map<String, Double> cpuSecondsByProgram() {
        java.util.Map<String, Double> seconds = new java.util.TreeMap<>();
        try (var processes = Files.list(Path.of("/proc"))) {
            processes.filter(process -> process.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(process -> {
                        try {
                            String command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                            String[] fields = Files.readString(process.resolve("stat")).replaceFirst("^.*\\) ", "").split(" ");
                            long ticks = 0;
                            for (int field = 11; field <= 14; field++) {
                                ticks += Long.parseLong(fields[field]);
                            }
                            String program = PROGRAMS.entrySet().stream().filter(entry -> command.contains(entry.getKey()))
                                    .map(java.util.Map.Entry::getValue).findFirst().orElse("other");
                            seconds.merge(program, ticks / TICKS_PER_SECOND, Double::sum);
                        } catch (IOException e) {
                            // the process ended meanwhile
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seconds;
    }

    /** Each program's CPU milliseconds since {@code before} (from {@link #cpuSecondsByProgram}) per unit of work. */
    static void printCpuByProgram(java.util.Map<String, Double> before, double units, String unit) {
        cpuSecondsByProgram().forEach((program, seconds) -> System.out.printf("    %-14s %6.1f ms per %s%n", program,
                (seconds - before.getOrDefault(program, 0.0)) * 1000 / units, unit));
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
