package io.ragfit.generation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.ragfit.generation.EndpointCheck.Status;
import io.ragfit.generation.VariantDefinition.GenerationParameters;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;
import io.ragfit.openai.EndpointFailures;
import io.ragfit.openai.ModelList;
import io.ragfit.openai.OpenAiClients;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The variant registry: stored in PostgreSQL, seeded at start with the built-in reader and the variants
 * file, changed through the API, mirrored in memory by {@link VariantRegistry}.
 */
@ApplicationScoped
public class VariantService {

    /** ragfit's built-in extractive reader, always registered: the embedded default. */
    public static final String BUILTIN_READER = "builtin-reader";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    record VariantsFile(List<VariantDefinition> variants) {
    }

    private final VariantRegistry registry;
    private final GenerationConfig config;

    VariantService(VariantRegistry registry, GenerationConfig config) {
        this.registry = registry;
        this.config = config;
    }

    void seedAtStart(@Observes StartupEvent start) throws Throwable {
        List<VariantDefinition> fromFile = config.variantsFile().map(VariantService::read).orElse(List.of());
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> seed(fromFile)));
        Log.infof("Variants: %s", registry.all().stream().map(VariantDefinition::name).sorted().toList());
        // an endpoint that is down is reported, not fatal: the service starts anyway
        VertxContextSupport.subscribe(() -> Multi.createFrom().iterable(List.copyOf(registry.all()))
                .filter(variant -> !variant.builtin())
                .onItem().transformToUniAndMerge(variant -> check(variant.name())),
                checks -> checks.with(check -> {
                }, failure -> Log.warnf("Endpoint checks stopped: %s", failure.getMessage())));
    }

    private Uni<Void> seed(List<VariantDefinition> fromFile) {
        VariantDefinition builtin = new VariantDefinition(BUILTIN_READER, Role.BASE, null, Kind.BUILTIN_EXTRACTIVE, null,
                ExtractiveReader.MODEL, null, new GenerationParameters(null, null, null), 4, null);
        Uni<Void> chain = upsert(builtin);
        // bases first, so that fine-tuned variants find theirs
        for (VariantDefinition variant : fromFile.stream().sorted(Comparator.comparing(VariantDefinition::role)).toList()) {
            chain = chain.chain(() -> upsert(variant)
                    .onFailure(VariantConflictException.class).transform(wrong -> new IllegalStateException("variants file "
                            + config.variantsFile().orElseThrow() + ", variant '" + variant.name() + "': " + wrong.getMessage())));
        }
        return chain.chain(this::reload);
    }

    private Uni<Void> upsert(VariantDefinition definition) {
        return others(definition.name()).chain(others -> {
            VariantDefinition valid = VariantRules.validated(definition, others);
            return Variant.<Variant>findById(valid.name())
                    .chain(existing -> existing != null ? store(existing, valid) : store(newVariant(valid), valid))
                    .replaceWithVoid();
        });
    }

    @WithSession
    public Uni<List<VariantView>> list() {
        return Variant.<Variant>listAll().map(variants -> variants.stream()
                .sorted(Comparator.comparing((Variant variant) -> variant.name))
                .map(VariantView::of)
                .toList());
    }

    @WithSession
    public Uni<VariantView> get(String name) {
        return stored(name).map(VariantView::of);
    }

    @WithTransaction
    public Uni<VariantView> create(VariantDefinition definition) {
        refuseBuiltin(definition);
        return Variant.<Variant>findById(definition.name()).chain(existing -> {
            if (existing != null) {
                throw VariantConflictException.conflict("a variant named '" + definition.name() + "' exists: PUT to change it");
            }
            return others(definition.name())
                    .map(others -> VariantRules.validated(definition, others))
                    .chain(valid -> store(newVariant(valid), valid));
        }).call(this::reload).map(VariantView::of);
    }

    @WithTransaction
    public Uni<VariantView> update(String name, VariantDefinition definition) {
        if (name.equals(BUILTIN_READER)) {
            throw VariantConflictException.conflict("the built-in reader cannot be changed");
        }
        refuseBuiltin(definition);
        VariantDefinition renamed = new VariantDefinition(name, definition.role(), definition.baseVariant(),
                definition.kind(), definition.endpoint(), definition.model(), definition.apiKeyRef(), definition.parameters(),
                definition.maxConcurrentRequests(), definition.fineTuning());
        return stored(name)
                .chain(existing -> others(name)
                        .map(others -> VariantRules.validated(renamed, others))
                        .chain(valid -> store(existing, valid)))
                .call(this::reload)
                .map(VariantView::of);
    }

    /** Creates or replaces a built-in tuned reader, which only experiments make (they train its model). */
    @WithTransaction
    public Uni<VariantView> registerTuned(VariantDefinition definition) {
        if (definition.kind() != Kind.BUILTIN_TUNED) {
            throw new IllegalArgumentException("not a built-in tuned reader: " + definition.name());
        }
        return upsert(definition)
                .chain(() -> Variant.<Variant>findById(definition.name()))
                .call(this::reload)
                .map(VariantView::of);
    }

    private static void refuseBuiltin(VariantDefinition definition) {
        if (definition.kind() == Kind.BUILTIN_EXTRACTIVE || definition.kind() == Kind.BUILTIN_TUNED) {
            throw VariantConflictException.invalid("built-in variants are not made through this API: the built-in reader"
                    + " is always there, and experiments train the built-in tuned readers");
        }
    }

    @WithTransaction
    public Uni<Void> delete(String name) {
        if (name.equals(BUILTIN_READER)) {
            throw VariantConflictException.conflict("the built-in reader cannot be deleted");
        }
        return stored(name)
                .call(variant -> Variant.<Variant>list("baseVariant", name).invoke(dependents -> {
                    if (!dependents.isEmpty()) {
                        throw VariantConflictException.conflict("variant '" + name + "' is the base of "
                                + dependents.stream().map(dependent -> dependent.name).toList() + ": delete them first");
                    }
                }))
                .call(variant -> variant.delete())
                .call(this::reload)
                .replaceWithVoid();
    }

    /** Asks the variant's endpoint which models it serves, and records what it said. */
    public Uni<EndpointCheck> check(String name) {
        VariantDefinition variant = registry.require(List.of(name)).getFirst();
        return probe(variant).call(check -> Panache.withTransaction(() -> Variant.<Variant>findById(name)
                .invoke(stored -> {
                    if (stored != null) {
                        stored.checkStatus = check.status();
                        stored.checkDetail = check.detail();
                        stored.checkParent = check.parent();
                        stored.checkedAt = check.checkedAt();
                    }
                })));
    }

    private Uni<EndpointCheck> probe(VariantDefinition variant) {
        if (variant.builtin()) {
            return Uni.createFrom().item(new EndpointCheck(Status.BUILTIN, "built in: no endpoint", null, Instant.now()));
        }
        String authorization;
        try {
            authorization = OpenAiClients.bearer(ApiKeys.resolve(variant.apiKeyRef()));
        } catch (RuntimeException unresolved) {
            return Uni.createFrom().item(new EndpointCheck(Status.UNREACHABLE, unresolved.getMessage(), null, Instant.now()));
        }
        return OpenAiClients.forEndpoint(variant.endpoint(), 1).models(authorization)
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

    private Uni<Variant> stored(String name) {
        return Variant.<Variant>findById(name).map(found -> {
            if (found == null) {
                throw new NoSuchVariantException(List.of(name), registry.all().stream().map(VariantDefinition::name).toList());
            }
            return found;
        });
    }

    /** The other stored variants, by name: what a definition's base variant is checked against. */
    private static Uni<Map<String, VariantDefinition>> others(String name) {
        return Variant.<Variant>listAll().map(variants -> {
            Map<String, VariantDefinition> others = new HashMap<>();
            variants.stream().filter(variant -> !variant.name.equals(name))
                    .forEach(variant -> others.put(variant.name, variant.definition()));
            return others;
        });
    }

    private static Variant newVariant(VariantDefinition valid) {
        Variant variant = new Variant();
        variant.name = valid.name();
        variant.createdAt = Instant.now();
        return variant;
    }

    private static Uni<Variant> store(Variant variant, VariantDefinition valid) {
        variant.apply(valid);
        variant.updatedAt = Instant.now();
        return variant.persist();
    }

    private Uni<Void> reload() {
        return Variant.<Variant>listAll()
                .invoke(variants -> registry.replace(variants.stream().map(Variant::definition).toList()))
                .replaceWithVoid();
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
