package io.ragfit.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.logging.Log;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.generation.VariantRegistry;
import io.ragfit.judge.Criteria;
import io.ragfit.judge.JudgeConfig;
import io.ragfit.pipeline.PipelineConfig;
import io.ragfit.results.Transactions;
import io.smallrye.mutiny.Uni;

/**
 * Runs. A run's variants, corpus and judge settings are fixed when it is created (the service's judge
 * settings fill what the definition leaves out), so that its results stay comparable. The run named
 * {@code live} takes the questions that arrive without a run; its variants are
 * {@code ragfit.pipeline.live-variants}, brought up to date when the service starts.
 */
@ApplicationScoped
public class RunService {

    public static final String LIVE = "live";

    private final Transactions transactions;
    private final VariantRegistry variants;
    private final Criteria criteria;
    private final JudgeConfig judge;
    private final PipelineConfig pipeline;
    private final Map<UUID, Run> known = new ConcurrentHashMap<>();
    private volatile Run live;

    RunService(Transactions transactions, VariantRegistry variants, Criteria criteria, JudgeConfig judge,
            PipelineConfig pipeline) {
        this.transactions = transactions;
        this.variants = variants;
        this.criteria = criteria;
        this.judge = judge;
        this.pipeline = pipeline;
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
        return transactions.inTransaction(session -> session.find(Run.class, id))
                .map(found -> {
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
        return transactions.inTransaction(session -> named(session, idOrName))
                .map(found -> {
                    if (found == null) {
                        throw new NoSuchRunException(idOrName);
                    }
                    return found;
                });
    }

    public Uni<List<Run>> list() {
        return live().chain(ignored -> transactions.inTransaction(session -> session
                .createSelectionQuery("from Run order by createdAt", Run.class)
                .getResultList()));
    }

    public Uni<Run> create(RunSpec spec) {
        return create(spec, Run.Kind.BATCH);
    }

    /** Fails, saying why, when a run could not be created from this definition (its name aside). */
    public void check(RunSpec spec) {
        define(newRun(spec.name(), Run.Kind.BATCH), spec.corpus(), spec.variants(), spec.judgeVariant(), spec.judgeMode(),
                spec.criteria());
    }

    public Uni<Run> create(RunSpec spec, Run.Kind kind) {
        if (LIVE.equals(spec.name()) || IdOrName.id(spec.name()) != null) {
            throw new InvalidRunException("'" + spec.name() + "' cannot name a run: it is reserved", false);
        }
        Run run = define(newRun(spec.name(), kind), spec.corpus(), spec.variants(), spec.judgeVariant(),
                spec.judgeMode(), spec.criteria());
        run.retrievalK = spec.retrievalK();
        return transactions.inTransaction(session -> named(session, spec.name())
                .chain(existing -> {
                    if (existing != null) {
                        throw new InvalidRunException("a run named '" + spec.name() + "' exists: " + existing.id, true);
                    }
                    return session.persist(run).replaceWith(run);
                }));
    }

    private Uni<Run> live() {
        Run current = live;
        if (current != null) {
            return Uni.createFrom().item(current);
        }
        return transactions.inTransaction(session -> named(session, LIVE)
                .chain(existing -> {
                    Run run = existing != null ? existing : newRun(LIVE, Run.Kind.LIVE);
                    List<String> before = run.variants;
                    define(run, null, pipeline.liveVariants(), null, null, null);
                    if (existing == null) {
                        return session.persist(run).replaceWith(run);
                    }
                    if (!Objects.equals(before, run.variants)) {
                        Log.infof("Live run: variants now %s (were %s)", run.variants, before);
                    }
                    return Uni.createFrom().item(run);
                }))
                // another instance may have created it at the same moment: then it is there to be read
                .onFailure().retry().atMost(1)
                .invoke(run -> live = run);
    }

    private Run define(Run run, String corpus, List<String> answering, String judgeVariant, JudgeConfig.Mode mode,
            List<String> judged) {
        List<VariantDefinition> defined = variants.require(answering);
        String judgeName = judgeVariant != null ? judgeVariant : judge.variant().orElse(null);
        if (judgeName != null && variants.require(List.of(judgeName)).getFirst().builtin()) {
            throw new InvalidRunException("variant '" + judgeName + "' is built in: only a chat variant can judge", false);
        }
        List<String> criterionKeys = judged == null || judged.isEmpty() ? judge.defaultCriteria() : judged;
        criteria.require(criterionKeys);
        run.corpus = corpus;
        run.variants = defined.stream().map(VariantDefinition::name).toList();
        run.judgeVariant = judgeName;
        run.judgeMode = mode != null ? mode : judge.mode();
        run.criteria = List.copyOf(criterionKeys);
        return run;
    }

    private static Uni<Run> named(Mutiny.Session session, String name) {
        return session.createSelectionQuery("from Run where name = :name", Run.class)
                .setParameter("name", name)
                .getSingleResultOrNull();
    }

    private static Run newRun(String name, Run.Kind kind) {
        Run run = new Run();
        run.id = UUID.randomUUID();
        run.name = name;
        run.kind = kind;
        run.createdAt = Instant.now();
        return run;
    }
}
