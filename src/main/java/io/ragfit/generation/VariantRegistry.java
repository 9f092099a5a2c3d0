package io.ragfit.generation;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.embedding.Embedder;

/**
 * The variants in force, in memory (answering never waits on the database), and how each answers.
 * Variants on one endpoint share its bound: the smallest of their {@code maxConcurrentRequests}.
 */
@ApplicationScoped
public class VariantRegistry {

    private final EndpointGuards endpoints;
    private final Embedder embedder;
    private final TunedReaders tunedReaders;
    private final GenerationConfig config;
    private final Map<String, AnswerSource> sources = new ConcurrentHashMap<>();
    private volatile Map<String, VariantDefinition> variants = Map.of();

    VariantRegistry(EndpointGuards endpoints, Embedder embedder, TunedReaders tunedReaders, GenerationConfig config) {
        this.endpoints = endpoints;
        this.tunedReaders = tunedReaders;
        this.embedder = embedder;
        this.config = config;
    }

    public Optional<VariantDefinition> find(String name) {
        return Optional.ofNullable(variants.get(name));
    }

    public Collection<VariantDefinition> all() {
        return variants.values();
    }

    /** The named variants, in the order asked; fails naming the unknown ones and listing the known ones. */
    public List<VariantDefinition> require(List<String> names) {
        List<String> unknown = names.stream().filter(name -> !variants.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            throw new NoSuchVariantException(unknown, variants.keySet());
        }
        return names.stream().map(variants::get).toList();
    }

    public AnswerSource source(VariantDefinition variant) {
        return sources.computeIfAbsent(variant.name(), name -> switch (variant.kind()) {
            case OPENAI -> new ChatVariant(chat(variant));
            case BUILTIN_EXTRACTIVE -> new ExtractiveReader(variant.name(), embedder, config.builtinReaderSentences());
            case BUILTIN_TUNED -> new TunedReader(variant.name(), tunedReaders, config.builtinReaderSentences());
        });
    }

    /** Chat completions with a variant that has an endpoint (a judge, for instance). */
    public ChatEndpoint chat(VariantDefinition variant) {
        if (variant.builtin()) {
            throw new IllegalArgumentException("variant '" + variant.name() + "' is built in: it has no endpoint");
        }
        return new ChatEndpoint(variant, endpoints.endpoint(variant.endpoint(), limit(variant.endpoint())));
    }

    synchronized void replace(Collection<VariantDefinition> definitions) {
        variants = definitions.stream().collect(Collectors.toUnmodifiableMap(VariantDefinition::name, Function.identity()));
        sources.clear();
    }

    private int limit(URI endpoint) {
        return variants.values().stream()
                .filter(variant -> Objects.equals(variant.endpoint(), endpoint))
                .mapToInt(VariantDefinition::maxConcurrentRequests)
                .min()
                .orElseThrow();
    }
}
