package io.ragfit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder recording of another JVM, started and dumped with {@code jcmd}, and what it shows: the
 * methods the samples found running, the ragfit methods they were in, and where memory was allocated.
 */
final class FlightRecording {

    private static final String NAME = "ragfit-bench";
    private static final int TOP = 15;

    private final long pid;

    private FlightRecording(long pid) {
        this.pid = pid;
    }

    static FlightRecording start(long pid) {
        jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile");
        return new FlightRecording(pid);
    }

    Path stop(Path file) {
        jcmd(pid, "JFR.stop", "name=" + NAME, "filename=" + file.toAbsolutePath());
        return file;
    }

    /** Prints the top frames (self time), the top ragfit frames (inclusive) and the top allocation sites. */
    static void summarise(Path file) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> samples = events.stream().filter(event -> event.getEventType().getName()
                .equals("jdk.ExecutionSample")).toList();
        List<RecordedEvent> allocations = events.stream().filter(event -> event.getEventType().getName()
                .equals("jdk.ObjectAllocationSample")).toList();
        System.out.printf("Profile %s: %d execution samples, %d allocation samples%n", file, samples.size(),
                allocations.size());
        Map<String, Long> cpu = new HashMap<>();
        events.stream().filter(event -> event.getEventType().getName().equals("jdk.ThreadCPULoad"))
                .forEach(event -> cpu.merge(threadGroup(event.getThread().getJavaName()),
                        Math.round(1e6 * (event.getFloat("user") + event.getFloat("system"))), Long::sum));
        print("CPU by thread (jdk.ThreadCPULoad; native code such as ONNX inference included)", cpu);
        print("top frames (self)", tally(samples, event -> 1L, FlightRecording::topFrame));
        print("top ragfit frames (inclusive: the innermost ragfit method on the stack)",
                tally(samples, event -> 1L, FlightRecording::innermostRagfitFrame));
        print("top allocation sites (sampled bytes, innermost frame outside java.*, jdk.*)",
                tally(allocations, event -> event.getLong("weight"), FlightRecording::innermostApplicationFrame));
    }

    private static Map<String, Long> tally(List<RecordedEvent> events, Function<RecordedEvent, Long> weight,
            Function<RecordedStackTrace, String> site) {
        Map<String, Long> totals = new HashMap<>();
        for (RecordedEvent event : events) {
            if (event.getStackTrace() != null) {
                totals.merge(site.apply(event.getStackTrace()), weight.apply(event), Long::sum);
            }
        }
        return totals;
    }

    private static void print(String title, Map<String, Long> totals) {
        long all = totals.values().stream().mapToLong(Long::longValue).sum();
        System.out.println("  " + title + ":");
        totals.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(TOP)
                .forEach(entry -> System.out.printf("    %5.1f%%  %s%n", 100.0 * entry.getValue() / all, entry.getKey()));
    }

    /** A thread's name without its number: the pool it belongs to. */
    private static String threadGroup(String name) {
        return name == null ? "(unnamed)" : name.replaceAll("[-#]?\\d+", "-N");
    }

    private static String topFrame(RecordedStackTrace stack) {
        return stack.getFrames().isEmpty() ? "(no frame)" : name(stack.getFrames().getFirst());
    }

    private static String innermostRagfitFrame(RecordedStackTrace stack) {
        return stack.getFrames().stream().filter(frame -> type(frame).startsWith("io.ragfit.")).findFirst()
                .map(FlightRecording::name).orElse("(outside ragfit: " + topPackage(stack) + ")");
    }

    private static String innermostApplicationFrame(RecordedStackTrace stack) {
        return stack.getFrames().stream()
                .filter(frame -> !type(frame).startsWith("java.") && !type(frame).startsWith("jdk."))
                .findFirst().map(FlightRecording::name).orElse(topFrame(stack));
    }

    private static String topPackage(RecordedStackTrace stack) {
        if (stack.getFrames().isEmpty()) {
            return "?";
        }
        String type = type(stack.getFrames().getLast());
        return type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
    }

    private static String type(RecordedFrame frame) {
        return frame.getMethod().getType().getName();
    }

    private static String name(RecordedFrame frame) {
        return type(frame) + "." + frame.getMethod().getName();
    }

    private static void jcmd(long pid, String... command) {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> line = new java.util.ArrayList<>(List.of(java.resolveSibling("jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (jcmd.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
