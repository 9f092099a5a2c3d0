package io.ragfit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

/**
 * docs/configuration.md documents every {@code ragfit.*} property the configuration classes define, and no
 * other: a property added without a row, or a row left after its property went, fails here.
 */
class ConfigurationDocsTests {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");
    /** A segment standing for any key of a map: {@code <key>}, {@code NAME}. */
    private static final Pattern ANY_KEY = Pattern.compile("\\.(<[^>]+>|[A-Z]+)(?=\\.|$)");

    @Test
    void everyPropertyOfTheConfigurationClassesIsDocumentedAndEveryDocumentedOneExists() throws Exception {
        Set<String> defined = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher mapping = MAPPING.matcher(Files.readString(file));
                if (mapping.find()) {
                    String className = SOURCES.relativize(file).toString().replace('/', '.').replaceFirst("\\.java$", "");
                    Class<?> type = Class.forName(className);
                    assertThat(type.getAnnotation(ConfigMapping.class)).as(className).isNotNull();
                    properties(type, mapping.group(1), defined);
                }
            }
        }
        assertThat(defined).as("properties found in the configuration classes").hasSizeGreaterThan(50);

        assertThat(documented()).as("ragfit.* rows of docs/configuration.md against the configuration classes")
                .isEqualTo(defined);
    }

    /** Each property of a configuration interface, a map's keys as {@code *}. */
    private static void properties(Class<?> type, String prefix, Set<String> names) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + kebab(method.getName());
            Type returned = method.getGenericReturnType();
            if (returned instanceof ParameterizedType generic && generic.getRawType() == Optional.class) {
                returned = generic.getActualTypeArguments()[0];
            }
            if (returned instanceof ParameterizedType generic && generic.getRawType() == Map.class) {
                name += ".*";
                returned = generic.getActualTypeArguments()[1];
            }
            if (returned instanceof Class<?> group && group.isInterface() && group.getPackageName().startsWith("io.ragfit")) {
                properties(group, name, names);
            } else {
                names.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /**
     * The properties named in the first cell of each row; {@code `.name`} after a full name is its sibling, and a
     * map's key is written {@code <key>} or {@code NAME}.
     */
    private static Set<String> documented() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String last = null;
            Matcher name = NAME.matcher(line.substring(0, line.indexOf(" | ")));
            while (name.find()) {
                String property = name.group(1);
                if (property.startsWith(".") && last != null) {
                    property = last.substring(0, last.lastIndexOf('.')) + property;
                }
                last = property;
                if (property.startsWith("ragfit.")) {
                    names.add(ANY_KEY.matcher(property).replaceAll(".*"));
                }
            }
        }
        return names;
    }
}
