package io.ragfit.generation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.openai.OutboundPolicy;
import io.ragfit.openai.OutboundRefusedException;

/**
 * The API keys of variants. A variant's {@code apiKeyRef} names a secret the administrator configured
 * ({@code secret:NAME}, see {@link SecretsConfig}); the key is read when a request is sent, never stored, and
 * only ever sent to the hosts its secret is bound to.
 */
@ApplicationScoped
public class ApiKeys {

    static final String REFERENCE = "secret:[A-Za-z0-9._-]{1,64}";
    private static final String PREFIX = "secret:";

    /** A mounted secret may be rotated: its value is read again after this long. */
    private static final Duration REREAD_AFTER = Duration.ofMinutes(1);

    private record Read(String value, Instant at) {
    }

    private final SecretsConfig config;
    private final Map<String, OutboundPolicy> hostsBySecret;
    private final Map<String, Read> values = new ConcurrentHashMap<>();

    ApiKeys(SecretsConfig config) {
        this.config = config;
        config.named().forEach((name, secret) -> {
            if (!secret.from().startsWith("env:") && !secret.from().startsWith("file:")) {
                throw new IllegalStateException("ragfit.secrets." + name + ".from is env:VARIABLE or file:/path");
            }
        });
        this.hostsBySecret = config.named().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                secret -> new OutboundPolicy(secret.getValue().hosts(), List.of())));
    }

    /** Refuses (invalid variant) a reference that names no configured secret, or one not bound to the endpoint's host. */
    void check(String reference, URI endpoint) {
        if (reference == null) {
            return;
        }
        if (!reference.matches(REFERENCE)) {
            throw VariantConflictException.invalid("apiKeyRef names a secret the administrator configured, as secret:NAME"
                    + " (ragfit.secrets.NAME.from and .hosts); env:, file: and config: references are not accepted");
        }
        secret(reference).orElseThrow(() -> VariantConflictException.invalid(
                "apiKeyRef " + reference + " names no configured secret (configured: " + config.named().keySet() + ")"));
        try {
            hostsBySecret.get(name(reference)).checkUrl(endpoint);
        } catch (OutboundRefusedException notBound) {
            throw VariantConflictException.invalid("secret " + name(reference) + " may not be sent to "
                    + (endpoint == null || endpoint.getHost() == null ? "this endpoint" : endpoint.getHost())
                    + " (its hosts: ragfit.secrets." + name(reference) + ".hosts)");
        }
    }

    /**
     * The key, or empty when there is no reference. Fails, without the key, when the reference leads nowhere or
     * the endpoint is not one of the secret's hosts (the configuration may have changed since the variant was made).
     */
    Optional<String> resolve(String reference, URI endpoint) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        SecretsConfig.Secret secret = secret(reference)
                .orElseThrow(() -> new OutboundRefusedException("apiKeyRef " + reference + " names no configured secret"));
        hostsBySecret.get(name(reference)).checkUrl(endpoint);
        String key = values.compute(name(reference), (name, read) -> read != null
                && read.at().plus(REREAD_AFTER).isAfter(Instant.now()) ? read : new Read(value(secret.from()), Instant.now()))
                .value();
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("secret " + name(reference) + " has no value (ragfit.secrets." + name(reference)
                    + ".from is env:VARIABLE or file:/path)");
        }
        return Optional.of(key.strip());
    }

    /** Reads a key (a small file read, once a minute at most: what a request may wait for). */
    private static String value(String from) {
        return from.startsWith("env:") ? System.getenv(from.substring(4)) : read(Path.of(from.substring(5)));
    }

    private Optional<SecretsConfig.Secret> secret(String reference) {
        return reference.startsWith(PREFIX) ? Optional.ofNullable(config.named().get(name(reference))) : Optional.empty();
    }

    private static String name(String reference) {
        return reference.substring(PREFIX.length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
