package io.ragfit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The packages of the flow depend on each other in one direction only (docs/architecture.md). */
class PackageDependencyTests {

    private static final Path SOURCES = Path.of("src/main/java/io/ragfit");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.ragfit\\.(\\w+)\\.");

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();
        assertThat(dependencies).containsKeys("evaluation", "pipeline", "experiment", "store");

        List<List<String>> cycles = new ArrayList<>();
        for (String start : dependencies.keySet()) {
            List<String> path = new ArrayList<>(List.of(start));
            if (reaches(dependencies, start, start, path, new TreeSet<>())) {
                cycles.add(path);
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    @Test
    void theStoreTheOpenAiClientRefusalsAndTracingAreLeaves() throws IOException {
        Map<String, Set<String>> dependencies = dependencies();

        assertThat(dependencies.get("store")).isEmpty();
        assertThat(dependencies.get("openai")).isEmpty();
        assertThat(dependencies.get("failure")).isEmpty();
        assertThat(dependencies.get("tracing")).isEmpty();
        assertThat(dependencies.get("evaluation")).doesNotContain("pipeline", "experiment", "api");
    }

    private static boolean reaches(Map<String, Set<String>> dependencies, String from, String target, List<String> path,
            Set<String> seen) {
        for (String next : dependencies.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                path.add(next);
                return true;
            }
            if (seen.add(next)) {
                path.add(next);
                if (reaches(dependencies, next, target, path, seen)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
        }
        return false;
    }

    /** Each package of the service and the packages of the service its sources name. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> dependencies = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    return;
                }
                String owner = relative.getName(0).toString();
                Set<String> named = dependencies.computeIfAbsent(owner, key -> new TreeSet<>());
                try {
                    for (String line : Files.readAllLines(file)) {
                        if (line.startsWith("package ")) {
                            continue;
                        }
                        Matcher reference = REFERENCE.matcher(line);
                        while (reference.find()) {
                            if (!reference.group(1).equals(owner)) {
                                named.add(reference.group(1));
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return dependencies;
    }
}
