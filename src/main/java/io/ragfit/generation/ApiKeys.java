package io.ragfit.generation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    private final SecretsConfig config;

    ApiKeys(SecretsConfig config) {
        this.config = config;
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
        SecretsConfig.Secret secret = secret(reference).orElseThrow(() -> VariantConflictException.invalid(
                "apiKeyRef " + reference + " names no configured secret (configured: " + config.named().keySet() + ")"));
        try {
            new OutboundPolicy(secret.hosts(), List.of()).checkUrl(endpoint);
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
        new OutboundPolicy(secret.hosts(), List.of()).checkUrl(endpoint);
        String from = secret.from();
        String key = from.startsWith("env:") ? System.getenv(from.substring(4))
                : from.startsWith("file:") ? read(Path.of(from.substring(5)))
                : null;
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("secret " + name(reference) + " has no value (ragfit.secrets." + name(reference)
                    + ".from is env:VARIABLE or file:/path)");
        }
        return Optional.of(key.strip());
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
