package io.ragfit.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.generation.VariantRegistry;
import io.ragfit.judge.Criteria;
import io.ragfit.judge.JudgeConfig;
import io.ragfit.judge.Criterion;
import io.ragfit.store.Changes;
import io.ragfit.store.Database;
import io.smallrye.mutiny.Uni;

/**
 * Runs. A run's variants, judge, corpus and criteria are fixed when it is created (the service's judge
 * settings fill what the definition leaves out), so that its results stay comparable. The run named
 * {@code live} takes the questions that arrive without a run; its variants are
 * {@code ragfit.pipeline.live-variants}, brought up to date when an instance starts. Runs are cached once read:
 * only the live run changes, and every instance hears of it.
 */
@ApplicationScoped
public class RunService {

    public static final String LIVE = "live";
    private static final String CHANGES = "runs";

    private final Database database;
    private final RunRepository repository;
    private final VariantRegistry variants;
    private final Criteria criteria;
    private final JudgeConfig judge;
    private final PipelineConfig pipeline;
    private final Changes changes;
    private final Map<UUID, Run> known = new ConcurrentHashMap<>();
    /** The live run, read (or being read) once: the read runs to its end whoever stops waiting for it. */
    private volatile CompletableFuture<Run> live;

    RunService(Database database, RunRepository repository, VariantRegistry variants, Criteria criteria, JudgeConfig judge,
            PipelineConfig pipeline, Changes changes) {
        this.database = database;
        this.repository = repository;
        this.variants = variants;
        this.criteria = criteria;
        this.judge = judge;
        this.pipeline = pipeline;
        this.changes = changes;
        changes.on(CHANGES, this::forget);
    }

    /** The run a question names, or the live run when it names none. */
    public Uni<Run> resolve(UUID runId) {
        return runId == null ? live() : get(runId);
    }

    public Uni<Run> get(UUID id) {
        Run cached = known.get(id);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return repository.find(database, id).map(found -> {
            if (found == null) {
                throw new NoSuchRunException(id.toString());
            }
            known.put(id, found);
            return found;
        });
    }

    /** A run by id, or by name. */
    public Uni<Run> find(String idOrName) {
        UUID id = IdOrName.id(idOrName);
        if (id != null) {
            return get(id);
        }
        if (LIVE.equals(idOrName)) {
            return live();
        }
        return repository.named(database, idOrName).map(found -> {
            if (found == null) {
                throw new NoSuchRunException(idOrName);
            }
            return found;
        });
    }

    public Uni<List<Run>> list() {
        return live().chain(() -> repository.all(database));
    }

    public Uni<Run> create(RunSpec spec) {
        return create(spec, Run.Kind.BATCH);
    }

    /** Fails, saying why, when a run could not be created from this definition (its name aside). */
    public Uni<Void> check(RunSpec spec) {
        return define(spec, Run.Kind.BATCH, UUID.randomUUID(), Instant.now()).replaceWithVoid();
    }

    public Uni<Run> create(RunSpec spec, Run.Kind kind) {
        if (LIVE.equals(spec.name()) || IdOrName.id(spec.name()) != null) {
            throw new InvalidRunException("'" + spec.name() + "' cannot name a run: it is reserved", false);
        }
        return define(spec, kind, UUID.randomUUID(), Instant.now()).chain(run -> database.inTransaction(sql -> repository
                .insert(sql, run)
                .chain(inserted -> inserted ? Uni.createFrom().item(run) : repository.named(sql, spec.name())
                        .map(existing -> {
                            throw new InvalidRunException("a run named '" + spec.name() + "' exists: " + existing.id(), true);
                        }))));
    }

    private Uni<Run> live() {
        CompletableFuture<Run> current = live;
        if (current == null) {
            current = database.inTransaction(sql -> repository.named(sql, LIVE).chain(existing -> {
                RunSpec spec = new RunSpec(LIVE, null, pipeline.liveVariants(), null, null, null, null,
                        pipeline.liveProduction().map(production -> new ShadowSpec(production, pipeline.liveSampleRate(),
                                null, null, null, null, null)).orElse(null));
                Uni<Run> defined = existing == null ? define(spec, Run.Kind.LIVE, UUID.randomUUID(), Instant.now())
                        : define(spec, Run.Kind.LIVE, existing.id(), existing.createdAt());
                return defined.chain(run -> {
                    if (existing == null) {
                        return repository.insert(sql, run).replaceWith(run);
                    }
                    if (run.equals(existing)) {
                        return Uni.createFrom().item(existing);
                    }
                    Log.infof("Live run: variants now %s (were %s)", run.variantNames(), existing.variantNames());
                    return repository.redefine(sql, run).chain(() -> changes.announce(sql, CHANGES)).replaceWith(run);
                });
            }))
                    // another instance may have created it at the same moment: then it is there to be read
                    .onFailure(failure -> !(failure instanceof InvalidRunException)).retry().atMost(1)
                    .subscribeAsCompletionStage();
            CompletableFuture<Run> reading = current;
            reading.whenComplete((run, failure) -> {
                if (failure != null && live == reading) {
                    live = null;
                }
            });
            live = current;
        }
        return Uni.createFrom().completionStage(current.copy());
    }

    /** The run a definition asks for, its variants and judge as registered now, its judge settings filled in; or why it cannot be. */
    private Uni<Run> define(RunSpec spec, Run.Kind kind, UUID id, Instant createdAt) {
        List<String> answering = spec.variants();
        Set<String> seen = new HashSet<>();
        List<String> twice = answering.stream().filter(name -> !seen.add(name)).distinct().toList();
        if (!twice.isEmpty()) {
            throw new InvalidRunException("variants " + twice + " are named more than once: a run asks each variant once",
                    false);
        }
        if (answering.size() > pipeline.maxRunVariants()) {
            throw new InvalidRunException("a run names at most " + pipeline.maxRunVariants() + " variants, not "
                    + answering.size() + " (ragfit.pipeline.max-run-variants)", false);
        }
        String judgeName = spec.judgeVariant() != null ? spec.judgeVariant() : judge.variant().orElse(null);
        List<String> wanted = new ArrayList<>(answering);
        if (judgeName != null) {
            wanted.add(judgeName);
        }
        List<String> criterionKeys = spec.criteria() == null || spec.criteria().isEmpty() ? judge.defaultCriteria()
                : spec.criteria();
        List<Criterion> judged = criteria.require(criterionKeys);
        return variants.require(wanted).map(defined -> {
            VariantDefinition judgeDefinition = judgeName == null ? null : defined.getLast();
            if (judgeDefinition != null && judgeDefinition.builtin()) {
                throw new InvalidRunException("variant '" + judgeName + "' is built in: only a chat variant can judge", false);
            }
            // without a judge, a run has no judge settings to show
            return new Run(id, spec.name(), kind, spec.corpus(), List.copyOf(defined.subList(0, answering.size())),
                    judgeDefinition, judgeDefinition == null ? null : Objects.requireNonNullElse(spec.judgeMode(), judge.mode()),
                    judgeDefinition == null ? List.of() : List.copyOf(criterionKeys), spec.retrievalK(), createdAt,
                    spec.shadow() == null ? null
                            : spec.shadow().complete(answering, ShadowSpec.scales(judgeDefinition == null ? List.of() : judged)));
        });
    }

    private void forget() {
        known.clear();
        live = null;
    }
}
