package io.ragfit.generation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.embedding.Embedder;
import io.ragfit.openai.ModelGuard;
import io.ragfit.store.Changes;
import io.ragfit.store.Database;
import io.ragfit.tracing.Traces;
import io.smallrye.mutiny.Uni;

/**
 * The variants as stored in PostgreSQL, cached in memory until any instance changes one (a change notification
 * drops the cache everywhere), and how each definition answers. A name not in the cache is looked for in the
 * database before it is called unknown, so a variant registered through another instance is found at once.
 * Variants on one endpoint share its bound: the smallest of their {@code maxConcurrentRequests}.
 */
@ApplicationScoped
public class VariantRegistry {

    static final String CHANGES = "variants";

    private final Database database;
    private final VariantRepository repository;
    private final EndpointGuards endpoints;
    private final ApiKeys keys;
    private final Traces traces;
    private final Embedder embedder;
    private final TunedReaders tunedReaders;
    private final GenerationConfig config;
    private final Map<VariantDefinition, AnswerSource> sources = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    /** What was last read: null once a change made it stale. */
    private volatile Map<String, StoredVariant> cached;
    /** What was last read, stale or not: the endpoints' bounds are taken from it. */
    private volatile Map<String, StoredVariant> lastRead = Map.of();

    VariantRegistry(Database database, VariantRepository repository, EndpointGuards endpoints, Embedder embedder,
            TunedReaders tunedReaders, GenerationConfig config, Changes changes, ApiKeys keys, Traces traces) {
        this.keys = keys;
        this.traces = traces;
        this.database = database;
        this.repository = repository;
        this.endpoints = endpoints;
        this.embedder = embedder;
        this.tunedReaders = tunedReaders;
        this.config = config;
        changes.on(CHANGES, this::invalidate);
    }

    /** Every stored variant, with its last check. */
    Uni<Collection<StoredVariant>> stored() {
        return current(false).map(Map::values);
    }

    public Uni<Collection<VariantDefinition>> all() {
        return stored().map(all -> all.stream().map(StoredVariant::definition).toList());
    }

    public Uni<Optional<VariantDefinition>> find(String name) {
        return require(List.of(name)).map(found -> Optional.of(found.getFirst()))
                .onFailure(NoSuchVariantException.class).recoverWithItem(Optional.empty());
    }

    /** The named variants, in the order asked; fails naming the unknown ones and listing the known ones. */
    public Uni<List<VariantDefinition>> require(List<String> names) {
        return current(false)
                .chain(known -> known.keySet().containsAll(names) ? Uni.createFrom().item(known) : current(true))
                .map(known -> {
                    List<String> unknown = names.stream().filter(name -> !known.containsKey(name)).toList();
                    if (!unknown.isEmpty()) {
                        throw new NoSuchVariantException(unknown, known.keySet());
                    }
                    return names.stream().map(name -> known.get(name).definition()).toList();
                });
    }

    /** How this definition answers (a run's frozen definition, or one registered now). */
    public AnswerSource source(VariantDefinition variant) {
        return sources.computeIfAbsent(variant, definition -> switch (definition.kind()) {
            case OPENAI -> new ChatVariant(chat(definition));
            case BUILTIN_EXTRACTIVE -> new ExtractiveReader(definition.name(), embedder, config.builtinReaderSentences(),
                    maxTokens(definition));
            case BUILTIN_TUNED -> new TunedReader(definition.name(), tunedReaders, config.builtinReaderSentences(),
                    maxTokens(definition));
        });
    }

    /** Chat completions with a variant that has an endpoint (a judge, for instance). */
    public ChatEndpoint chat(VariantDefinition variant) {
        if (variant.builtin()) {
            throw new IllegalArgumentException("variant '" + variant.name() + "' is built in: it has no endpoint");
        }
        return new ChatEndpoint(variant, endpoints.endpoint(variant, limit(variant)), keys, traces);
    }

    /** The circuit breaker of a variant with an endpoint, as this instance sees it; empty before its first call. */
    Optional<ModelGuard.Breaker> breaker(VariantDefinition variant) {
        return variant.builtin() ? Optional.empty() : endpoints.breaker(variant);
    }

    void invalidate() {
        version.incrementAndGet();
        cached = null;
        sources.clear();
    }

    private Uni<Map<String, StoredVariant>> current(boolean reload) {
        Map<String, StoredVariant> known = cached;
        if (known != null && !reload) {
            return Uni.createFrom().item(known);
        }
        long reading = version.get();
        return repository.all(database).map(all -> {
            Map<String, StoredVariant> read = all.stream()
                    .collect(Collectors.toUnmodifiableMap(variant -> variant.definition().name(), Function.identity()));
            lastRead = read;
            // a change announced while this was read makes it stale already
            if (version.get() == reading) {
                cached = read;
            }
            return read;
        });
    }

    private int limit(VariantDefinition variant) {
        return lastRead.values().stream()
                .map(StoredVariant::definition)
                .filter(other -> Objects.equals(other.endpoint(), variant.endpoint()))
                .mapToInt(VariantDefinition::maxConcurrentRequests)
                .reduce(variant.maxConcurrentRequests(), Math::min);
    }

    private static Integer maxTokens(VariantDefinition definition) {
        return definition.parameters() == null ? null : definition.parameters().maxTokens();
    }
}
