package io.ragfit.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.ragfit.corpus.CorpusService;
import io.ragfit.corpus.Question;
import io.ragfit.evaluation.IdOrName;
import io.ragfit.evaluation.RunService;
import io.ragfit.evaluation.RunSpec;
import io.ragfit.generation.SentenceRanker;
import io.ragfit.generation.TunedReaders;
import io.ragfit.pipeline.BatchProgress;
import io.ragfit.pipeline.BatchService;
import io.ragfit.results.ResultQueries;
import io.ragfit.store.Database;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Experiments: defined and split at once; started, they are prepared in the background
 * ({@link ExperimentPreparation}), then their evaluation set goes through the pipeline as one batch of one run.
 * Stopped or crashed, experiments resume where they were: the pipeline skips what is done.
 */
@ApplicationScoped
public class ExperimentService {

    private final Database database;
    private final ExperimentRepository repository;
    private final ExperimentPreparation preparation;
    private final CorpusService corpora;
    private final TunedReaders tunedReaders;
    private final RunService runs;
    private final BatchService batches;
    private final ResultQueries queries;
    private final ExperimentConfig config;

    ExperimentService(Database database, ExperimentRepository repository, ExperimentPreparation preparation,
            CorpusService corpora, TunedReaders tunedReaders, RunService runs, BatchService batches,
            ResultQueries queries, ExperimentConfig config) {
        this.database = database;
        this.repository = repository;
        this.preparation = preparation;
        this.corpora = corpora;
        this.tunedReaders = tunedReaders;
        this.runs = runs;
        this.batches = batches;
        this.queries = queries;
        this.config = config;
    }

    /** Checks the definition, splits the corpus's questions and checks the splits for leakage. */
    public Uni<ExperimentView> create(ExperimentSpec definition) {
        ExperimentSpec spec = ExperimentSpecs.resolved(definition);
        // the judge, its criteria and the variants named (the tuned readers come once trained)
        List<String> named = new ArrayList<>(List.of(spec.baseVariant()));
        named.addAll(spec.variants());
        RunSpec run = ExperimentSpecs.runSpec(spec);
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
            })).invoke(preparation::inBackground);
        }).chain(this::view);
    }

    /**
     * Checks the splits again against the corpus as it is now (a dataset ingested again may have changed a
     * question's text), and records what it finds.
     */
    private Uni<Experiment> recheck(Experiment experiment) {
        return corpora.questions(experiment.spec.corpus()).chain(questions -> {
            experiment.splits.requireIn(questions.stream().map(Question::id).collect(Collectors.toSet()),
                    experiment.spec.corpus());
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
            if (experiment.status == Experiment.Status.COMPLETED) {
                throw InvalidExperimentException.conflict("experiment '" + experiment.name + "' has completed");
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

    private Uni<Experiment> update(UUID id, Consumer<Experiment> change) {
        return repository.change(database, id, change);
    }

    /** The experiment with its training and progress; a run whose batch has ended is marked completed. */
    private Uni<ExperimentView> view(Experiment experiment) {
        Uni<BatchProgress> progress = experiment.batchId == null ? Uni.createFrom().nullItem()
                : batches.progress(experiment.batchId);
        return progress.chain(current -> {
            Uni<Experiment> refreshed = Uni.createFrom().item(experiment);
            // stopped after its last question ended, it has completed all the same
            if (current != null && (experiment.status == Experiment.Status.RUNNING || experiment.status == Experiment.Status.STOPPED)
                    && "COMPLETED".equals(current.status())) {
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
