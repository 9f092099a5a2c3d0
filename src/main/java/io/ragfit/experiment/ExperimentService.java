package io.ragfit.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ragfit.corpus.CorpusService;
import io.ragfit.corpus.Question;
import io.ragfit.evaluation.IdOrName;
import io.ragfit.evaluation.NoSuchRunException;
import io.ragfit.evaluation.Outages;
import io.ragfit.evaluation.PipelineConfig;
import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.RunService;
import io.ragfit.evaluation.RunSpec;
import io.ragfit.generation.Sentences;
import io.ragfit.generation.SentenceRanker;
import io.ragfit.generation.TunedReader;
import io.ragfit.generation.TunedReaders;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.generation.VariantDefinition.FineTuning;
import io.ragfit.generation.VariantDefinition.Kind;
import io.ragfit.generation.VariantDefinition.Role;
import io.ragfit.generation.VariantService;
import io.ragfit.pipeline.BatchProgress;
import io.ragfit.pipeline.BatchService;
import io.ragfit.pipeline.QuestionMessage;
import io.ragfit.pipeline.QuestionMessages;
import io.ragfit.results.ResultQueries;
import io.ragfit.retrieval.RetrievedChunk;
import io.ragfit.store.Database;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * Experiments: defined and split at once; started, they train their built-in tuned readers, then put their
 * evaluation set through the pipeline as one batch of one run. Preparing is done under a lease: if the instance
 * preparing an experiment stops, another takes it over; an outage of a backend makes it wait. Stopped or
 * crashed, experiments resume where they were: preparation is repeatable (the same seed trains the same models)
 * and the pipeline skips what is done.
 */
@ApplicationScoped
public class ExperimentService {

    private static final Duration ORPHANS_EVERY = Duration.ofSeconds(5);

    private final Database database;
    private final ExperimentRepository repository;
    private final CorpusService corpora;
    private final VariantService variants;
    private final TunedReaders tunedReaders;
    private final TrainingContexts contexts;
    private final RunService runs;
    private final BatchService batches;
    private final ResultQueries queries;
    private final ExperimentConfig config;
    private final PipelineConfig pipeline;
    private final Vertx vertx;
    /** The experiments this instance prepares now. */
    private final Set<UUID> preparing = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    ExperimentService(Database database, ExperimentRepository repository, CorpusService corpora, VariantService variants,
            TunedReaders tunedReaders, TrainingContexts contexts, RunService runs, BatchService batches,
            ResultQueries queries, ExperimentConfig config, PipelineConfig pipeline, Vertx vertx) {
        this.database = database;
        this.repository = repository;
        this.corpora = corpora;
        this.variants = variants;
        this.tunedReaders = tunedReaders;
        this.contexts = contexts;
        this.runs = runs;
        this.batches = batches;
        this.queries = queries;
        this.config = config;
        this.pipeline = pipeline;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(ORPHANS_EVERY.toMillis(), tick -> takeOverOrphans());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
    }

    /** Checks the definition, splits the corpus's questions and checks the splits for leakage. */
    public Uni<ExperimentView> create(ExperimentSpec definition) {
        ExperimentSpec spec = ExperimentSpecs.resolved(definition);
        // the judge, its criteria and the variants named (the tuned readers come once trained)
        List<String> named = new ArrayList<>(List.of(spec.baseVariant()));
        named.addAll(spec.variants());
        RunSpec run = runSpec(spec);
        return runs.check(new RunSpec(run.name(), run.corpus(), named, run.judgeVariant(), run.judgeMode(), run.criteria(),
                run.retrievalK()))
                .chain(() -> corpora.existing(spec.corpus()))
                .invoke(corpus -> {
                    if (spec.chunkSize() != null && spec.chunkSize() != corpus.chunkSize()) {
                        throw InvalidExperimentException.invalid("corpus '" + corpus.id() + "' is chunked at "
                                + corpus.chunkSize() + " characters, not " + spec.chunkSize()
                                + ": ingest it again into a new corpus with that chunk size");
                    }
                })
                .chain(() -> corpora.questions(spec.corpus()))
                .chain(questions -> {
                    if (questions.isEmpty()) {
                        throw InvalidExperimentException.invalid("corpus '" + spec.corpus()
                                + "' has no questions: ingest a dataset that has some");
                    }
                    Experiment experiment = new Experiment();
                    experiment.id = UUID.randomUUID();
                    experiment.name = spec.name();
                    experiment.spec = spec;
                    experiment.status = Experiment.Status.CREATED;
                    experiment.splits = Splits.plan(questions, spec.seed(), spec.trainSizes(), spec.nested(),
                            spec.evaluationSize());
                    experiment.leakage = Leakage.check(questions, experiment.splits);
                    experiment.createdAt = Instant.now();
                    experiment.updatedAt = experiment.createdAt;
                    return database.inTransaction(sql -> repository.insert(sql, experiment).chain(inserted -> inserted
                            ? Uni.createFrom().item(experiment)
                            : repository.named(sql, spec.name()).map(existing -> {
                                throw InvalidExperimentException.conflict("an experiment named '" + spec.name()
                                        + "' exists: " + existing.id);
                            })));
                })
                .chain(this::view);
    }

    public Uni<List<ExperimentView>> list() {
        return repository.all(database)
                .chain(all -> all.isEmpty() ? Uni.createFrom().item(List.<ExperimentView>of())
                        : Uni.join().all(all.stream().map(this::view).toList()).andFailFast());
    }

    public Uni<ExperimentView> get(String idOrName) {
        return find(idOrName).chain(this::view);
    }

    public Uni<Splits> splits(String idOrName) {
        return find(idOrName).map(experiment -> experiment.splits);
    }

    /**
     * Starts the experiment, or resumes it: a first start prepares it in the background (train, create the
     * run, queue the evaluation set); later ones queue again whatever has not completed.
     */
    public Uni<ExperimentView> start(String idOrName, boolean force) {
        return find(idOrName).chain(this::recheck).chain(experiment -> {
            if (!experiment.leakage.clean() && !force) {
                throw InvalidExperimentException.conflict("experiment '" + experiment.name + "' leaks: "
                        + experiment.leakage.leakCount() + " evaluation questions were found in train sets (see its"
                        + " leakage report); start it with force=true to run it anyway");
            }
            if (experiment.batchId != null) {
                return batches.resume(experiment.batchId)
                        .invoke(queued -> Log.infof("Experiment %s resumed: %d questions queued again", experiment.name, queued))
                        .chain(() -> update(experiment.id, found -> {
                            found.status = Experiment.Status.RUNNING;
                            found.detail = null;
                        }));
            }
            return database.inTransaction(sql -> repository.leasePreparation(sql, experiment.id).chain(leased -> {
                if (!leased) {
                    throw InvalidExperimentException.conflict("experiment '" + experiment.name + "' is being prepared");
                }
                return repository.lock(sql, experiment.id).chain(found -> {
                    found.status = Experiment.Status.PREPARING;
                    found.detail = "training the built-in tuned readers";
                    found.updatedAt = Instant.now();
                    return repository.update(sql, found).replaceWith(found);
                });
            })).invoke(this::prepareInBackground);
        }).chain(this::view);
    }

    /**
     * Checks the splits again against the corpus as it is now (a dataset ingested again may have changed a
     * question's text), and records what it finds.
     */
    private Uni<Experiment> recheck(Experiment experiment) {
        return corpora.questions(experiment.spec.corpus()).chain(questions -> {
            Set<String> present = questions.stream().map(Question::id).collect(Collectors.toSet());
            List<String> missing = new ArrayList<>();
            experiment.splits.evaluation().stream().filter(id -> !present.contains(id)).forEach(missing::add);
            experiment.splits.train().values().forEach(ids -> ids.stream().filter(id -> !present.contains(id)).forEach(missing::add));
            if (!missing.isEmpty()) {
                throw InvalidExperimentException.conflict(missing.size() + " questions of the splits are no longer in corpus '"
                        + experiment.spec.corpus() + "' (" + String.join(", ", missing.stream().distinct().limit(5).toList())
                        + "): define the experiment again");
            }
            Leakage now = Leakage.check(questions, experiment.splits);
            if (now.equals(experiment.leakage)) {
                return Uni.createFrom().item(experiment);
            }
            return update(experiment.id, found -> found.leakage = now);
        });
    }

    /** Stops the evaluation: questions not started are cancelled; starting it again resumes. */
    public Uni<ExperimentView> stop(String idOrName) {
        return find(idOrName).chain(experiment -> {
            if (experiment.batchId == null) {
                throw InvalidExperimentException.conflict("experiment '" + experiment.name + "' is not running");
            }
            return batches.cancel(experiment.batchId)
                    .chain(() -> update(experiment.id, found -> found.status = Experiment.Status.STOPPED));
        }).chain(this::view);
    }

    public Uni<ExperimentSummary> summary(String idOrName) {
        return find(idOrName).chain(experiment -> {
            if (experiment.runId == null) {
                return Uni.createFrom().item(ExperimentSummary.empty(experiment));
            }
            return queries.answerCounts(experiment.runId)
                    .chain(answers -> queries.scoreMeans(experiment.runId)
                            .map(scores -> ExperimentSummary.of(experiment, answers, scores)));
        });
    }

    /** The experiment now and at every interval, until it has completed, stopped or failed (or was never started). */
    public Multi<ExperimentView> events(String idOrName) {
        return find(idOrName).toMulti().flatMap(first -> Multi.createFrom().ticks().every(config.eventsInterval())
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> find(first.id.toString()).chain(this::view))
                .select().first(view -> !view.ended())
                .onCompletion().switchTo(() -> find(first.id.toString()).chain(this::view).toMulti()));
    }

    public Uni<Experiment> find(String idOrName) {
        UUID id = IdOrName.id(idOrName);
        return (id != null ? repository.find(database, id) : repository.named(database, idOrName))
                .map(found -> {
                    if (found == null) {
                        throw new NoSuchExperimentException(idOrName);
                    }
                    return found;
                });
    }

    /** Takes over the preparation of experiments whose instance stopped while preparing them. */
    private void takeOverOrphans() {
        repository.orphanedPreparations(database, Set.copyOf(preparing))
                .subscribe().with(orphans -> orphans.forEach(id -> database.inTransaction(sql -> repository
                        .leaseOrphan(sql, id)
                        .chain(leased -> leased ? repository.find(sql, id) : Uni.createFrom().nullItem()))
                        .subscribe().with(experiment -> {
                            if (experiment != null && experiment.status == Experiment.Status.PREPARING) {
                                Log.infof("Experiment %s: its preparation stopped with its instance; taken over here",
                                        experiment.name);
                                prepareInBackground(experiment);
                            }
                        }, failure -> Log.debugf("Experiment %s: not taken over: %s", id, failure.getMessage()))),
                        failure -> Log.debugf("Orphaned experiments not looked for: %s", failure.getMessage()));
    }

    /** Prepares the experiment, waiting out outages; ends it FAILED (with the reason) only when it cannot be prepared. */
    private void prepareInBackground(Experiment experiment) {
        if (!preparing.add(experiment.id)) {
            return;
        }
        Instant started = Instant.now();
        prepare(experiment)
                .onFailure(failure -> Outages.outage(failure)
                        && Duration.between(started, Instant.now()).compareTo(pipeline.outageHorizon()) < 0)
                .invoke(failure -> Log.warnf("Experiment %s: preparation waits out an outage: %s", experiment.name,
                        failure.getMessage()))
                .onFailure(failure -> Outages.outage(failure)
                        && Duration.between(started, Instant.now()).compareTo(pipeline.outageHorizon()) < 0)
                .retry().withBackOff(pipeline.retryBackoff(), pipeline.retryBackoff().multipliedBy(32)).indefinitely()
                .onTermination().invoke(() -> preparing.remove(experiment.id))
                .subscribe().with(
                        running -> Log.infof("Experiment %s: evaluating %d questions (run %s)", running.name,
                                running.splits.evaluation().size(), running.runId),
                        failure -> {
                            Log.warnf("Experiment %s could not be prepared: %s", experiment.name, failure.getMessage());
                            update(experiment.id, found -> {
                                found.status = Experiment.Status.FAILED;
                                found.detail = failure.getMessage();
                            }).chain(() -> database.inTransaction(sql -> repository.releasePreparation(sql, experiment.id)))
                                    .subscribe().with(ignored -> {
                                    }, ignored -> {
                                    });
                        });
    }

    private Uni<Experiment> prepare(Experiment experiment) {
        ExperimentSpec spec = experiment.spec;
        return corpora.questions(spec.corpus())
                .chain(questions -> {
                    Map<String, Question> byId = questions.stream().collect(Collectors.toMap(Question::id, Function.identity()));
                    Uni<Void> trained = spec.builtinTuned() ? train(experiment, byId) : Uni.createFrom().voidItem();
                    return trained
                            .chain(() -> update(experiment.id, found -> found.detail = "queuing the evaluation set"))
                            .chain(() -> evaluationRun(experiment))
                            .chain(run -> queue(experiment, run, byId));
                });
    }

    /** One sentence ranker per train split, on the chunks retrieval gives its questions, registered as a variant. */
    private Uni<Void> train(Experiment experiment, Map<String, Question> byId) {
        ExperimentSpec spec = experiment.spec;
        Set<String> union = new HashSet<>();
        experiment.splits.train().values().forEach(union::addAll);
        return contexts.retrieve(spec, union.stream().map(byId::get).toList())
                .chain(retrieved -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int size : spec.trainSizes()) {
                        List<SentenceRanker.Example> examples = examples(experiment.splits.train().get(size), byId, retrieved);
                        // seconds of CPU for a large split: never on an event loop or the Elasticsearch client's threads
                        chain = chain.chain(() -> Uni.createFrom().item(() -> SentenceRanker.train(examples))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                                .chain(model -> register(experiment, size, model));
                    }
                    return chain;
                });
    }

    private static List<SentenceRanker.Example> examples(List<String> ids, Map<String, Question> byId,
            Map<String, List<RetrievedChunk>> retrieved) {
        List<SentenceRanker.Example> examples = new ArrayList<>();
        for (String id : ids) {
            Question question = byId.get(id);
            List<Sentences.Located> candidates = Sentences.located(retrieved.get(id));
            examples.add(new SentenceRanker.Example(question.text(), candidates, TrainingLabels.of(question, candidates)));
        }
        return examples;
    }

    /** The variant and its model in one transaction: a tuned reader never exists without its model. */
    private Uni<Void> register(Experiment experiment, int size, SentenceRanker.Model model) {
        ExperimentSpec spec = experiment.spec;
        String name = ExperimentSpecs.tunedVariant(spec, size);
        VariantDefinition definition = new VariantDefinition(name, Role.FINE_TUNED, VariantService.BUILTIN_READER,
                Kind.BUILTIN_TUNED, null, null, null, null, 4, new FineTuning(size, TunedReader.METHOD, null, null, null,
                        null, spec.name() + "-train-" + size + "-seed-" + spec.seed()));
        Log.infof("Experiment %s: built-in tuned reader %s trained on %d questions (%d without their answer in the"
                + " retrieved sentences left out), top-1 on its train set %.3f", spec.name(), name,
                model.training().questions(), model.training().skipped(), model.training().trainTop1());
        return database.inTransaction(sql -> variants.registerTuned(sql, definition)
                .chain(() -> tunedReaders.save(sql, name, experiment.id, size, model)));
    }

    /** The experiment's run: created once, found again when an interrupted preparation is done again. */
    private Uni<Run> evaluationRun(Experiment experiment) {
        ExperimentSpec spec = experiment.spec;
        return runs.find(runSpec(spec).name())
                .onFailure(NoSuchRunException.class).recoverWithUni(() -> runs.create(runSpec(spec), Run.Kind.EXPERIMENT))
                .call(run -> update(experiment.id, found -> found.runId = run.id()));
    }

    private static RunSpec runSpec(ExperimentSpec spec) {
        return new RunSpec("experiment-" + spec.name(), spec.corpus(), ExperimentSpecs.variants(spec), spec.judge().variant(),
                spec.judge().mode(), spec.judge().criteria(), spec.retrievalK());
    }

    private Uni<Experiment> queue(Experiment experiment, Run run, Map<String, Question> byId) {
        return queries.batchOfRun(run.id()).chain(existing -> {
            if (existing != null) {
                // an interrupted preparation had queued them already: queue again what has not completed
                return batches.resume(existing).replaceWith(existing);
            }
            List<QuestionMessage> evaluation = experiment.splits.evaluation().stream()
                    .map(byId::get)
                    .map(question -> new QuestionMessage(QuestionMessages.SCHEMA_VERSION, question.id(), question.text(),
                            experiment.spec.corpus(), null, question.type(), question.answers(), question.metadata()))
                    .toList();
            return batches.submit(run.id().toString(), evaluation).map(BatchProgress::id);
        }).chain(batch -> database.inTransaction(sql -> repository.lock(sql, experiment.id).chain(found -> {
            found.batchId = batch;
            found.status = Experiment.Status.RUNNING;
            found.detail = null;
            found.updatedAt = Instant.now();
            return repository.update(sql, found).chain(() -> repository.releasePreparation(sql, experiment.id))
                    .replaceWith(found);
        })));
    }

    private Uni<Experiment> update(UUID id, Consumer<Experiment> change) {
        return database.inTransaction(sql -> repository.lock(sql, id).chain(found -> {
            change.accept(found);
            found.updatedAt = Instant.now();
            return repository.update(sql, found).replaceWith(found);
        }));
    }

    /** The experiment with its training and progress; a run whose batch has ended is marked completed. */
    private Uni<ExperimentView> view(Experiment experiment) {
        Uni<BatchProgress> progress = experiment.batchId == null ? Uni.createFrom().nullItem()
                : batches.progress(experiment.batchId);
        return progress.chain(current -> {
            Uni<Experiment> refreshed = Uni.createFrom().item(experiment);
            if (current != null && experiment.status == Experiment.Status.RUNNING && "COMPLETED".equals(current.status())) {
                refreshed = update(experiment.id, found -> found.status = Experiment.Status.COMPLETED);
            }
            return refreshed.chain(latest -> training(latest).map(training -> ExperimentView.of(latest, training, current)));
        });
    }

    private Uni<Map<String, SentenceRanker.Training>> training(Experiment experiment) {
        if (!experiment.spec.builtinTuned()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<String, SentenceRanker.Training> training = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int size : experiment.spec.trainSizes()) {
            String variant = ExperimentSpecs.tunedVariant(experiment.spec, size);
            chain = chain.chain(() -> tunedReaders.model(variant)
                    .invoke(model -> training.put(variant, model.training()))
                    .onFailure().recoverWithNull()
                    .replaceWithVoid());
        }
        return chain.replaceWith(training);
    }
}
