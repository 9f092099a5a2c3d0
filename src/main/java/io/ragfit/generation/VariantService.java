package io.ragfit.generation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.ragfit.generation.EndpointCheck.Status;
import io.ragfit.generation.VariantDefinition.GenerationParameters;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;
import io.ragfit.openai.EndpointFailures;
import io.ragfit.openai.ModelList;
import io.ragfit.openai.OpenAiClients;
import io.ragfit.openai.OutboundRefusedException;
import io.ragfit.store.Changes;
import io.ragfit.store.Database;
import io.ragfit.store.Sql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The variant registry: stored in PostgreSQL, seeded at start with the built-in reader and the variants
 * file, changed through the API. Every change is announced to every instance ({@link VariantRegistry}).
 */
@ApplicationScoped
public class VariantService {

    /** ragfit's built-in extractive reader, always registered: the embedded default. */
    public static final String BUILTIN_READER = "builtin-reader";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    record VariantsFile(List<VariantDefinition> variants) {
    }

    private final Database database;
    private final VariantRepository repository;
    private final VariantRegistry registry;
    private final Changes changes;
    private final GenerationConfig config;
    private final ApiKeys keys;
    private final OpenAiClients clients;

    VariantService(Database database, VariantRepository repository, VariantRegistry registry, Changes changes,
            GenerationConfig config, ApiKeys keys, OpenAiClients clients) {
        this.keys = keys;
        this.clients = clients;
        this.database = database;
        this.repository = repository;
        this.registry = registry;
        this.changes = changes;
        this.config = config;
    }

    void seedAtStart(@Observes StartupEvent start) {
        List<VariantDefinition> fromFile = config.variantsFile().map(VariantService::read).orElse(List.of());
        List<VariantDefinition> seeded = database.inTransaction(sql -> seed(sql, fromFile))
                .chain(() -> registry.all())
                .map(List::copyOf)
                .await().atMost(CHECK_TIMEOUT);
        Log.infof("Variants: %s", seeded.stream().map(VariantDefinition::name).sorted().toList());
        // an endpoint that is down is reported, not fatal: the service starts anyway
        Multi.createFrom().iterable(seeded)
                .filter(variant -> !variant.builtin())
                .onItem().transformToUniAndMerge(variant -> check(variant.name()))
                .subscribe().with(check -> {
                }, failure -> Log.warnf("Endpoint checks stopped: %s", failure.getMessage()));
    }

    private Uni<Void> seed(Sql sql, List<VariantDefinition> fromFile) {
        VariantDefinition builtin = new VariantDefinition(BUILTIN_READER, Role.BASE, null, Kind.BUILTIN_EXTRACTIVE, null,
                ExtractiveReader.MODEL, null, new GenerationParameters(null, null, null), 4, null);
        Uni<Void> chain = upsert(sql, builtin);
        // bases first, so that fine-tuned variants find theirs
        for (VariantDefinition variant : fromFile.stream().sorted(Comparator.comparing(VariantDefinition::role)).toList()) {
            chain = chain.chain(() -> upsert(sql, variant)
                    .onFailure(VariantConflictException.class).transform(wrong -> new IllegalStateException("variants file "
                            + config.variantsFile().orElseThrow() + ", variant '" + variant.name() + "': " + wrong.getMessage())));
        }
        return chain.chain(() -> changes.announce(sql, VariantRegistry.CHANGES));
    }

    private Uni<Void> upsert(Sql sql, VariantDefinition definition) {
        return others(sql, definition.name())
                .chain(others -> repository.upsert(sql, allowed(VariantRules.validated(definition, others))));
    }

    public Uni<List<VariantView>> list() {
        return registry.stored().map(all -> all.stream()
                .sorted(Comparator.comparing(variant -> variant.definition().name()))
                .map(this::view)
                .toList());
    }

    public Uni<VariantView> get(String name) {
        return registry.require(List.of(name))
                .chain(() -> registry.stored())
                .map(all -> all.stream().filter(variant -> variant.definition().name().equals(name)).findFirst()
                        .map(this::view)
                        .orElseThrow(() -> new NoSuchVariantException(List.of(name), List.of())));
    }

    public Uni<VariantView> create(VariantDefinition definition) {
        refuseBuiltin(definition);
        return database.inTransaction(sql -> others(sql, definition.name())
                .map(others -> allowed(VariantRules.validated(definition, others)))
                .call(valid -> repository.insert(sql, valid).invoke(inserted -> {
                    if (!inserted) {
                        throw VariantConflictException.conflict("a variant named '" + definition.name()
                                + "' exists: PUT to change it");
                    }
                }))
                .call(() -> changes.announce(sql, VariantRegistry.CHANGES)))
                .map(VariantView::of);
    }

    public Uni<VariantView> update(String name, VariantDefinition definition) {
        if (name.equals(BUILTIN_READER)) {
            throw VariantConflictException.conflict("the built-in reader cannot be changed");
        }
        refuseBuiltin(definition);
        VariantDefinition renamed = new VariantDefinition(name, definition.role(), definition.baseVariant(),
                definition.kind(), definition.endpoint(), definition.model(), definition.apiKeyRef(), definition.parameters(),
                definition.maxConcurrentRequests(), definition.fineTuning());
        return database.inTransaction(sql -> others(sql, name)
                .map(others -> allowed(VariantRules.validated(renamed, others)))
                .call(valid -> repository.update(sql, valid).chain(updated -> updated ? Uni.createFrom().voidItem()
                        : registry.all().invoke(known -> {
                            throw new NoSuchVariantException(List.of(name), names(known));
                        }).replaceWithVoid()))
                .call(() -> changes.announce(sql, VariantRegistry.CHANGES)))
                .map(VariantView::of);
    }

    /** Creates or replaces a built-in tuned reader, which only experiments make, in their transaction. */
    public Uni<Void> registerTuned(Sql sql, VariantDefinition definition) {
        if (definition.kind() != Kind.BUILTIN_TUNED) {
            throw new IllegalArgumentException("not a built-in tuned reader: " + definition.name());
        }
        return upsert(sql, definition).chain(() -> changes.announce(sql, VariantRegistry.CHANGES));
    }

    /** The variant, if ragfit may call its endpoint and send its key there; an invalid variant otherwise. */
    private VariantDefinition allowed(VariantDefinition variant) {
        if (variant.builtin()) {
            return variant;
        }
        try {
            clients.policy().checkUrl(variant.endpoint());
        } catch (OutboundRefusedException refused) {
            throw VariantConflictException.invalid("endpoint refused: " + refused.getMessage());
        }
        keys.check(variant.apiKeyRef(), variant.endpoint());
        return variant;
    }

    private static void refuseBuiltin(VariantDefinition definition) {
        if (definition.kind() == Kind.BUILTIN_TUNED) {
            throw VariantConflictException.invalid("built-in tuned readers are not made through this API: experiments"
                    + " train them");
        }
    }

    public Uni<Void> delete(String name) {
        if (name.equals(BUILTIN_READER)) {
            throw VariantConflictException.conflict("the built-in reader cannot be deleted");
        }
        return database.inTransaction(sql -> repository.all(sql).chain(all -> {
            List<String> dependents = all.stream().map(StoredVariant::definition)
                    .filter(variant -> name.equals(variant.baseVariant()))
                    .map(VariantDefinition::name)
                    .toList();
            if (!dependents.isEmpty()) {
                throw VariantConflictException.conflict("variant '" + name + "' is the base of " + dependents
                        + ": delete them first");
            }
            return repository.delete(sql, name).invoke(deleted -> {
                if (!deleted) {
                    throw new NoSuchVariantException(List.of(name), all.stream().map(v -> v.definition().name()).toList());
                }
            });
        }).chain(() -> changes.announce(sql, VariantRegistry.CHANGES)));
    }

    /** Asks the variant's endpoint which models it serves, and records what it said. */
    public Uni<EndpointCheck> check(String name) {
        return registry.require(List.of(name))
                .chain(found -> probe(found.getFirst()))
                .call(check -> database.inTransaction(sql -> repository.recordCheck(sql, name, check)
                        .chain(() -> changes.announce(sql, VariantRegistry.CHANGES))));
    }

    private Uni<EndpointCheck> probe(VariantDefinition variant) {
        if (variant.builtin()) {
            return Uni.createFrom().item(new EndpointCheck(Status.BUILTIN, "built in: no endpoint", null, Instant.now()));
        }
        String authorization;
        try {
            authorization = OpenAiClients.bearer(keys.resolve(variant.apiKeyRef(), variant.endpoint()));
        } catch (RuntimeException unresolved) {
            return Uni.createFrom().item(new EndpointCheck(Status.UNREACHABLE, unresolved.getMessage(), null, Instant.now()));
        }
        return clients.forEndpoint(variant.endpoint(), 1).models(authorization)
                .ifNoItem().after(CHECK_TIMEOUT).fail()
                .map(models -> served(variant, models))
                .onFailure().recoverWithItem(failure -> {
                    String reason = EndpointFailures.describe(failure, variant.endpoint().toString(), 1);
                    Log.warnf("Variant %s: %s", variant.name(), reason);
                    return new EndpointCheck(Status.UNREACHABLE, reason, null, Instant.now());
                });
    }

    private static EndpointCheck served(VariantDefinition variant, ModelList models) {
        List<ModelList.Model> served = models.data() == null ? List.of() : models.data();
        return served.stream()
                .filter(model -> variant.model().equals(model.id()))
                .findFirst()
                .map(model -> new EndpointCheck(Status.OK, "the endpoint serves " + model.id(), model.parent(), Instant.now()))
                .orElseGet(() -> {
                    Log.warnf("Variant %s: %s does not serve model %s", variant.name(), variant.endpoint(), variant.model());
                    return new EndpointCheck(Status.MODEL_MISSING, "the endpoint serves "
                            + served.stream().map(ModelList.Model::id).toList() + ", not " + variant.model(), null,
                            Instant.now());
                });
    }

    private VariantView view(StoredVariant stored) {
        return VariantView.of(stored.definition(), stored.lastCheck(), registry.breaker(stored.definition()).orElse(null));
    }

    /** The other stored variants, by name: what a definition's base variant is checked against. */
    private Uni<Map<String, VariantDefinition>> others(Sql sql, String name) {
        return repository.all(sql).map(all -> all.stream()
                .map(StoredVariant::definition)
                .filter(variant -> !variant.name().equals(name))
                .collect(Collectors.toMap(VariantDefinition::name, Function.identity())));
    }

    private static List<String> names(Collection<VariantDefinition> variants) {
        return variants.stream().map(VariantDefinition::name).toList();
    }

    private static List<VariantDefinition> read(Path file) {
        try {
            VariantsFile variants = YAMLMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build()
                    .readValue(file.toFile(), VariantsFile.class);
            return variants.variants() == null ? List.of() : variants.variants();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the variants file " + file + ": " + e.getMessage(), e);
        }
    }
}
