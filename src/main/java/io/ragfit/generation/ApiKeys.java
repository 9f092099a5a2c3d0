package io.ragfit.generation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads an API key from where a variant's reference points: {@code env:NAME}, {@code file:/path} (a
 * mounted Kubernetes secret) or {@code config:property}. Keys are read when used, never stored.
 */
final class ApiKeys {

    static final String REFERENCE = "(env|file|config):.+";

    private ApiKeys() {
    }

    /** The key, or empty when there is no reference; fails, without the key, when the reference leads nowhere. */
    static Optional<String> resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        int colon = reference.indexOf(':');
        String scheme = colon < 0 ? "" : reference.substring(0, colon);
        String target = reference.substring(colon + 1);
        String key = switch (scheme) {
            case "env" -> System.getenv(target);
            case "config" -> ConfigProvider.getConfig().getOptionalValue(target, String.class).orElse(null);
            case "file" -> read(Path.of(target));
            default -> throw new IllegalArgumentException("API key reference '" + reference
                    + "' must start with env:, file: or config:");
        };
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("API key reference " + reference + " leads to no value");
        }
        return Optional.of(key.strip());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
