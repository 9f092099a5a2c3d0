package io.ragfit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No Docker engine here, so the images are never built in this project; what can be checked without one is
 * checked after packaging: every file a Dockerfile copies from the build context exists, and
 * {@code .dockerignore} lets it into the context.
 */
class DockerfilesIT {

    private static final Pattern COPY = Pattern.compile("^COPY\\s+(?!--from)(?:--\\S+\\s+)*(\\S+)\\s+\\S+\\s*$", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro" })
    void shouldCopyOnlyWhatTheBuildContextHolds(String dockerfile) throws IOException {
        String text = Files.readString(Path.of("src/main/docker", dockerfile));
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        Matcher copy = COPY.matcher(text);
        int sources = 0;
        while (copy.find()) {
            String source = copy.group(1);
            sources++;
            Path base = Path.of(source.endsWith("*.jar") ? source.substring(0, source.lastIndexOf('/')) : source);
            assertThat(Files.exists(base)).as("%s copies %s, which the build has", dockerfile, source).isTrue();
            assertThat(included(source.replaceAll("/$", ""), ignore)).as("%s copies %s: .dockerignore must let it in",
                    dockerfile, source).isTrue();
        }
        assertThat(sources).as("COPY instructions from the build context").isGreaterThan(0);
    }

    /**
     * Docker's rule: the last pattern that matches the path, or one of its parents, decides; '!' lets it in. A folder
     * counts as in when something below it is let back in ({@code *} then {@code !src/main/}: {@code COPY src} copies
     * {@code src/main}).
     */
    private static boolean included(String path, List<String> patterns) {
        if (patterns.stream().anyMatch(pattern -> pattern.startsWith("!" + path + "/"))) {
            return true;
        }
        boolean included = true;
        for (String pattern : patterns) {
            boolean negated = pattern.startsWith("!");
            String glob = (negated ? pattern.substring(1) : pattern).replaceAll("/$", "");
            var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            for (Path candidate = Path.of(path); candidate != null; candidate = candidate.getParent()) {
                if (matcher.matches(candidate)) {
                    included = negated;
                    break;
                }
            }
        }
        return included;
    }
}
