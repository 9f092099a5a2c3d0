package io.ragfit.experiment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ragfit.corpus.CorpusService;
import io.ragfit.corpus.Question;
import io.ragfit.evaluation.NoSuchRunException;
import io.ragfit.evaluation.Outages;
import io.ragfit.evaluation.PipelineConfig;
import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.RunService;
import io.ragfit.generation.SentenceRanker;
import io.ragfit.generation.SentenceSplitter;
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
import io.ragfit.results.ResultQueries;
import io.ragfit.retrieval.RetrievedChunk;
import io.ragfit.store.Database;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * Prepares a started experiment in the background: trains its built-in tuned readers, creates its run and queues
 * its evaluation set as one batch. It is done under a lease on the experiment: if the instance preparing it stops,
 * another takes it over; an outage of a backend makes it wait. Preparing is repeatable (the same seed trains the
 * same models, the run and the batch are found again), so a preparation taken over starts again from the top.
 */
@ApplicationScoped
class ExperimentPreparation {

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
    private final PipelineConfig pipeline;
    private final Vertx vertx;
    /** The experiments this instance prepares now. */
    private final Set<UUID> preparing = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    ExperimentPreparation(Database database, ExperimentRepository repository, CorpusService corpora,
            VariantService variants, TunedReaders tunedReaders, TrainingContexts contexts, RunService runs,
            BatchService batches, ResultQueries queries, PipelineConfig pipeline, Vertx vertx) {
        this.database = database;
        this.repository = repository;
        this.corpora = corpora;
        this.variants = variants;
        this.tunedReaders = tunedReaders;
        this.contexts = contexts;
        this.runs = runs;
        this.batches = batches;
        this.queries = queries;
        this.pipeline = pipeline;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(ORPHANS_EVERY.toMillis(), tick -> takeOverOrphans());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
    }

    /**
     * Prepares the experiment, leased to this instance, waiting out outages; ends it FAILED (with the reason) only
     * when it cannot be prepared.
     */
    void inBackground(Experiment experiment) {
        if (!preparing.add(experiment.id)) {
            return;
        }
        Instant started = Instant.now();
        java.util.function.Predicate<Throwable> waitedOut = failure -> Outages.outage(failure)
                && Duration.between(started, Instant.now()).compareTo(pipeline.outageHorizon()) < 0;
        prepare(experiment)
                .onFailure(waitedOut)
                .invoke(failure -> Log.warnf("Experiment %s: preparation waits out an outage: %s", experiment.name,
                        failure.getMessage()))
                .onFailure(waitedOut)
                .retry().withBackOff(pipeline.retryBackoff(), pipeline.retryBackoff().multipliedBy(32)).indefinitely()
                .onTermination().invoke(() -> preparing.remove(experiment.id))
                .subscribe().with(
                        running -> Log.infof("Experiment %s: evaluating %d questions (run %s)", running.name,
                                running.splits.evaluation().size(), running.runId),
                        failure -> {
                            Log.warnf("Experiment %s could not be prepared: %s", experiment.name, failure.getMessage());
                            fail(experiment, failure);
                        });
    }

    /** Ends the preparation FAILED with the reason and gives its lease up, together: never one without the other. */
    private void fail(Experiment experiment, Throwable failure) {
        String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        database.inTransaction(sql -> repository.lock(sql, experiment.id).chain(found -> {
            if (found == null || found.status != Experiment.Status.PREPARING) {
                return Uni.createFrom().voidItem();
            }
            found.status = Experiment.Status.FAILED;
            found.detail = reason;
            found.updatedAt = Instant.now();
            return repository.update(sql, found).chain(() -> repository.releasePreparation(sql, experiment.id));
        })).subscribe().with(ignored -> {
        }, unrecorded -> Log.warnf("Experiment %s: its failure could not be recorded (%s); it will be prepared"
                + " again", experiment.name, unrecorded.getMessage()));
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
                                inBackground(experiment);
                            }
                        }, failure -> Log.debugf("Experiment %s: not taken over: %s", id, failure.getMessage()))),
                        failure -> Log.debugf("Orphaned experiments not looked for: %s", failure.getMessage()));
    }

    private Uni<Experiment> prepare(Experiment experiment) {
        ExperimentSpec spec = experiment.spec;
        return corpora.questions(spec.corpus())
                .chain(questions -> {
                    Map<String, Question> byId = questions.stream().collect(Collectors.toMap(Question::id, Function.identity()));
                    experiment.splits.requireIn(byId.keySet(), spec.corpus());
                    Uni<Void> trained = spec.builtinTuned() ? train(experiment, byId) : Uni.createFrom().voidItem();
                    return trained
                            .chain(() -> repository.change(database, experiment.id,
                                    found -> found.detail = "queuing the evaluation set"))
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
            List<SentenceSplitter.Located> candidates = SentenceSplitter.located(retrieved.get(id));
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
        return runs.find(ExperimentSpecs.runSpec(spec).name())
                .onFailure(NoSuchRunException.class)
                .recoverWithUni(() -> runs.create(ExperimentSpecs.runSpec(spec), Run.Kind.EXPERIMENT))
                .call(run -> repository.change(database, experiment.id, found -> found.runId = run.id()));
    }

    private Uni<Experiment> queue(Experiment experiment, Run run, Map<String, Question> byId) {
        return queries.batchOfRun(run.id()).chain(existing -> {
            if (existing != null) {
                // an interrupted preparation had queued them already: queue again what has not completed
                return batches.resume(existing).replaceWith(existing);
            }
            List<QuestionMessage> evaluation = experiment.splits.evaluation().stream()
                    .map(byId::get)
                    .map(question -> QuestionMessage.of(question, experiment.spec.corpus()))
                    .toList();
            return batches.submitEvaluation(run, evaluation).map(BatchProgress::id);
        }).chain(batch -> database.inTransaction(sql -> repository.lock(sql, experiment.id).chain(found -> {
            found.batchId = batch;
            found.status = Experiment.Status.RUNNING;
            found.detail = null;
            found.updatedAt = Instant.now();
            return repository.update(sql, found).chain(() -> repository.releasePreparation(sql, experiment.id))
                    .replaceWith(found);
        })));
    }
}
