package io.ragfit.corpus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ragfit.corpus.IngestionProgress.Problem;
import io.ragfit.corpus.IngestionProgress.Status;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.corpus.format.RecordReader;
import io.ragfit.embedding.Embedder;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.retrieval.ChunkIndex;
import io.ragfit.retrieval.IndexSettings;
import io.ragfit.retrieval.IndexedChunk;
import io.ragfit.retrieval.SearchBackendException;
import io.ragfit.store.Database;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Loads a dataset file into a corpus in the background: records are read one at a time, documents cut into
 * chunks, chunks embedded and bulk-indexed in batches (a bounded number in flight), questions stored with their
 * references. A malformed record is reported and skipped. An outage of Elasticsearch, PostgreSQL or the embedder
 * makes a batch wait and try again (up to {@code ragfit.pipeline.outage-horizon}); only a refusal ends the
 * ingestion as failed. Chunk and question ids are deterministic, so loading the same file again replaces what it
 * loaded, never duplicates it: an ingestion whose instance stopped is taken over by another, which reads its
 * file again from the start.
 */
@ApplicationScoped
public class IngestionService {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    private static final Duration ORPHANS_EVERY = Duration.ofSeconds(5);

    private final CorpusRepository repository;
    private final ChunkIndex index;
    private final Embedder embedder;
    private final CorpusConfig config;
    private final Vertx vertx;
    private final Duration outageHorizon;
    private final Duration retryBackoff;
    /** The ingestions this instance runs (the database says which run anywhere). */
    private final Map<String, IngestionJob> running = new ConcurrentHashMap<>();
    private long timer = -1;

    IngestionService(CorpusRepository repository, ChunkIndex index, Embedder embedder, CorpusConfig config, Vertx vertx,
            @ConfigProperty(name = "ragfit.pipeline.outage-horizon", defaultValue = "1h") Duration outageHorizon,
            @ConfigProperty(name = "ragfit.pipeline.retry-backoff", defaultValue = "1s") Duration retryBackoff) {
        this.repository = repository;
        this.index = index;
        this.embedder = embedder;
        this.config = config;
        this.vertx = vertx;
        this.outageHorizon = outageHorizon;
        this.retryBackoff = retryBackoff;
    }

    /** What one item of the pipeline carries: a chunk to embed and index, or a question to store. */
    private record Work(Chunk chunk, Question question) {
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(ORPHANS_EVERY.toMillis(), tick -> takeOverOrphan());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
    }

    /**
     * Starts loading {@code source} into {@code corpusId}, creating the corpus (with the given chunking, or
     * the configured one) on its first ingestion; returns once the ingestion is under way.
     */
    public Uni<IngestionProgress> ingest(String corpusId, IngestionSource source, IngestionOptions options) {
        Optional<Integer> chunkSize = options.chunkSize();
        Optional<Integer> chunkOverlap = options.chunkOverlap();
        Corpus wanted = new Corpus(corpusId, chunkSize.orElse(config.chunkSize()),
                chunkOverlap.orElse(config.chunkOverlap()), embedder.model(), Instant.now());
        return repository.runningIngestions()
                .invoke(running -> {
                    if (running >= config.maxConcurrentIngestions()) {
                        throw busy();
                    }
                })
                .chain(() -> repository.createIfAbsent(wanted))
                .invoke(corpus -> checkCompatible(corpus, chunkSize, chunkOverlap))
                .chain(corpus -> index.ensure(corpus.id(),
                        new IndexSettings(corpus.model(), corpus.chunkSize(), corpus.chunkOverlap()))
                        .replaceWith(corpus))
                .chain(corpus -> {
                    IngestionJob job = new IngestionJob(UUID.randomUUID(), corpus.id(), options.format().orElse(null),
                            source.description(), size(source),
                            options.maxMalformedShare().orElse(config.maxMalformedShare()), config.maxReportedProblems());
                    return repository.startIngestion(job.progress(), source, config.maxConcurrentIngestions())
                            .invoke(started -> {
                                if (!started) {
                                    removeIfEmpty(corpus.id()).subscribe().with(removed -> {
                                    }, failure -> Log.warnf("Corpus %s left after a refused ingestion: %s", corpus.id(),
                                            failure.getMessage()));
                                    throw busy();
                                }
                                start(job, new Chunker(corpus.chunkSize(), corpus.chunkOverlap()), source);
                            })
                            .map(started -> job.progress());
                });
    }

    private TooBusyException busy() {
        return new TooBusyException(config.maxConcurrentIngestions() + " ingestions are running already"
                + " (ragfit.corpus.max-concurrent-ingestions): try again when one has ended", 30);
    }

    /** The running ingestion, else the last one recorded. */
    public Uni<Optional<IngestionProgress>> latest(String corpus) {
        IngestionJob here = running.get(corpus);
        return here != null ? Uni.createFrom().item(Optional.of(here.progress())) : repository.latestIngestion(corpus);
    }

    /** Cancels the running ingestion of a corpus, wherever it runs; true if there was one. */
    public Uni<Boolean> cancel(String corpus) {
        IngestionJob here = running.get(corpus);
        if (here != null && here.cancel()) {
            return Uni.createFrom().item(true);
        }
        return repository.requestCancel(corpus);
    }

    private void checkCompatible(Corpus corpus, Optional<Integer> chunkSize, Optional<Integer> chunkOverlap) {
        if (!corpus.model().equals(embedder.model())) {
            throw new CorpusConflictException("corpus '" + corpus.id() + "' holds vectors of " + corpus.model()
                    + " but this service embeds with " + embedder.model() + "; ingest into a new corpus");
        }
        if (chunkSize.isPresent() && chunkSize.get() != corpus.chunkSize()
                || chunkOverlap.isPresent() && chunkOverlap.get() != corpus.chunkOverlap()) {
            throw new CorpusConflictException("corpus '" + corpus.id() + "' cuts chunks of " + corpus.chunkSize()
                    + " characters with an overlap of " + corpus.chunkOverlap()
                    + "; its chunking cannot change: ingest into a new corpus");
        }
    }

    /** Resumes an ingestion nobody runs (its instance stopped): its file is read again from the start (ids keep it exact). */
    private void takeOverOrphan() {
        repository.takeOverOrphan(running.values().stream().map(IngestionJob::id).toList())
                .chain(found -> found.isEmpty() ? Uni.createFrom().voidItem() : resume(found.get()))
                .subscribe().with(done -> {
                }, failure -> Log.debugf("Orphaned ingestions not looked for: %s", failure.getMessage()));
    }

    private Uni<Void> resume(CorpusRepository.StoredIngestion stored) {
        IngestionProgress was = stored.progress();
        // a detected format is detected again, from the same file
        DatasetFormat format = Boolean.TRUE.equals(was.formatDetected()) ? null
                : DatasetFormat.byName(was.format()).orElseThrow();
        IngestionSource source = new IngestionSource(Path.of(stored.path()), was.source(), stored.staged());
        IngestionJob job = new IngestionJob(was.id(), was.corpus(), format, was.source(), was.pace().bytesTotal(),
                was.maxMalformedShare(), config.maxReportedProblems());
        if (!Files.isReadable(source.file())) {
            job.finish(Status.FAILED, "its instance stopped, and its file " + (stored.staged() ? "(an upload staged in "
                    + source.file().getParent() + ", a folder instances must share to take uploads over)" : source.file())
                    + " cannot be read from here: ingest it again");
            return repository.finishIngestion(job.progress());
        }
        Log.infof("Ingestion into %s: its instance stopped; taken over here, reading %s again", was.corpus(), was.source());
        return repository.find(was.corpus()).invoke(corpus -> corpus.ifPresent(found ->
                start(job, new Chunker(found.chunkSize(), found.chunkOverlap()), source))).replaceWithVoid();
    }

    private void start(IngestionJob job, Chunker chunker, IngestionSource source) {
        running.put(job.corpus(), job);
        ExecutorService reader = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("ingest-" + job.corpus()).daemon().factory());
        long progressTimer = vertx.setPeriodic(PROGRESS_EVERY.toMillis(), tick -> repository.saveProgress(job.progress())
                .subscribe().with(goOn -> {
                    if (!goOn) {
                        job.cancel();
                    }
                }, failure -> Log.debugf("Progress of ingestion %s not recorded: %s", job.id(), failure.getMessage())));
        job.running(records(job, source)
                .runSubscriptionOn(reader)
                .onItem().transformToIterable(record -> work(job, chunker, record))
                .group().intoLists().of(config.batchSize())
                .onItem().transformToUni(batch -> store(job, batch)
                        .onFailure(IngestionService::outage).retry()
                        .withBackOff(retryBackoff, retryBackoff.multipliedBy(32)).expireIn(outageHorizon.toMillis()))
                .merge(config.concurrency())
                .collect().last()
                .chain(() -> index.refresh(job.corpus()))
                .invoke(() -> {
                    if (job.documents.get() == 0 && job.questions.get() == 0) {
                        throw new IllegalStateException(nothingLoaded(job));
                    }
                    if (job.stoppedEarly != null) {
                        // checked once every batch read is stored, so that what it says was loaded was
                        throw new IllegalStateException(job.stoppedEarly
                                + "; the records before it were loaded: fix the file and ingest it again");
                    }
                    if (job.tooManyMalformed()) {
                        throw new IllegalStateException(tooManyMalformed(job));
                    }
                })
                .onTermination().invoke((done, failure, cancelled) -> {
                    reader.shutdown();
                    vertx.cancelTimer(progressTimer);
                    end(job, cancelled ? Status.CANCELLED : failure != null ? Status.FAILED : Status.COMPLETED,
                            failure == null ? null : failure.getMessage(), source);
                })
                .subscribe().with(done -> {
                }, failure -> {
                    // reported by end()
                }));
    }

    /** Why an ingestion that stored nothing failed: what was read, and the first problems. */
    private static String nothingLoaded(IngestionJob job) {
        IngestionProgress progress = job.progress();
        return "nothing was loaded: " + progress.counts().sourceRecords() + " records read, "
                + progress.counts().malformed() + " malformed, no document or question" + firstProblems(progress)
                + "; is the format right, and the file what it seems?";
    }

    private static String firstProblems(IngestionProgress progress) {
        String problems = progress.problems().stream().limit(3)
                .map(problem -> (problem.line() == null ? "" : "line " + problem.line() + ": ") + problem.reason())
                .collect(java.util.stream.Collectors.joining("; "));
        return problems.isEmpty() ? "" : " (first problems: " + problems + ")";
    }

    private static String tooManyMalformed(IngestionJob job) {
        IngestionProgress progress = job.progress();
        IngestionCounts counts = progress.counts();
        return String.format(java.util.Locale.ROOT, "%d of %d records malformed (%.1f%%), more than the %.1f%% allowed"
                + " (maxMalformedShare); the %d documents and %d questions read were kept: fix the file and ingest it"
                + " again (what it loads replaces, never duplicates), or allow a larger share%s", counts.malformed(),
                counts.sourceRecords(), 100.0 * counts.malformed() / counts.sourceRecords(), 100 * progress.maxMalformedShare(),
                counts.documents(), counts.questions(), firstProblems(progress));
    }

    /** Failures worth waiting out: Elasticsearch, PostgreSQL or the embeddings endpoint out of reach. */
    private static boolean outage(Throwable failure) {
        return Database.outage(failure) || failure instanceof EndpointUnavailableException
                || failure instanceof SearchBackendException search && search.transientFailure();
    }

    private Multi<DatasetRecord> records(IngestionJob job, IngestionSource source) {
        return Multi.createFrom().<RecordReader, DatasetRecord>resource(
                () -> reader(job, source),
                reader -> Multi.createFrom().iterable(() -> reader)
                        .invoke(() -> job.sourceRecords.set(reader.sourceRecords()))
                        .onCompletion().invoke(() -> job.stoppedEarly = reader.stoppedEarly()))
                .withFinalizer(RecordReader::close);
    }

    /** The records of the source, in the format named or else the one its first records show. */
    private static RecordReader reader(IngestionJob job, IngestionSource source) {
        InputStream input = new BufferedInputStream(open(source, job), 1 << 16);
        DatasetFormat format = job.format().orElseGet(() -> {
            DatasetFormat detected = DatasetFormat.detect(input);
            job.detected(detected);
            Log.infof("Ingestion into %s: %s detected as %s", job.corpus(), source.description(), detected.formatName());
            return detected;
        });
        return format.open(input);
    }

    private static InputStream open(IngestionSource source, IngestionJob job) {
        try {
            // progress counts the bytes of the file as stored, compressed or not
            return Compression.decompressed(new CountingInputStream(Files.newInputStream(source.file()),
                    job.bytesRead::addAndGet));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + source.description(), e);
        }
    }

    private List<Work> work(IngestionJob job, Chunker chunker, DatasetRecord record) {
        return switch (record) {
            case Document document -> {
                if (!job.document(document.id())) {
                    yield List.of();
                }
                yield chunker.chunk(document).stream().map(chunk -> new Work(chunk, null)).toList();
            }
            case Question question -> {
                job.questions.incrementAndGet();
                yield List.of(new Work(null, question));
            }
            case MalformedRecord malformed -> {
                job.malformed.incrementAndGet();
                job.problem(new Problem(malformed.record(), malformed.line(), null, malformed.reason()));
                yield List.of();
            }
        };
    }

    private Uni<Void> store(IngestionJob job, List<Work> batch) {
        List<Chunk> chunks = batch.stream().map(Work::chunk).filter(Objects::nonNull).toList();
        List<Question> questions = batch.stream().map(Work::question).filter(Objects::nonNull).toList();
        Uni<Void> storedChunks = chunks.isEmpty() ? Uni.createFrom().voidItem()
                : embedder.embedDocuments(chunks.stream().map(Chunk::text).toList())
                        .chain(vectors -> index.index(job.corpus(), indexed(chunks, vectors)))
                        .invoke(outcome -> {
                            job.chunks.addAndGet(outcome.indexed());
                            job.failedChunks.addAndGet(outcome.refused().size());
                            outcome.refused().forEach(refusal -> job.problem(
                                    new Problem(null, null, refusal.chunkId(), refusal.reason())));
                        })
                        .replaceWithVoid();
        Uni<Void> storedQuestions = questions.isEmpty() ? Uni.createFrom().voidItem()
                : repository.upsertQuestions(job.corpus(), questions);
        return Uni.combine().all().unis(storedChunks, storedQuestions).discardItems();
    }

    private static List<IndexedChunk> indexed(List<Chunk> chunks, List<float[]> vectors) {
        return java.util.stream.IntStream.range(0, chunks.size())
                .mapToObj(i -> {
                    Chunk chunk = chunks.get(i);
                    return new IndexedChunk(chunk.id(), chunk.documentId(), chunk.title(), chunk.section(),
                            chunk.ordinal(), chunk.start(), chunk.end(), chunk.text(), vectors.get(i));
                })
                .toList();
    }

    private void end(IngestionJob job, Status outcome, String error, IngestionSource source) {
        job.finish(outcome, error);
        IngestionProgress progress = job.progress();
        IngestionCounts counts = progress.counts();
        Log.infof("Ingestion into %s %s: %d documents, %d questions, %d chunks (%.1f/s), %d malformed%s",
                job.corpus(), progress.status(), counts.documents(), counts.questions(), counts.chunks(),
                progress.pace().chunksPerSecond(), counts.malformed(), error == null ? "" : ": " + error);
        if (source.staged()) {
            source.file().toFile().delete();
        }
        repository.finishIngestion(progress)
                .chain(() -> outcome == Status.FAILED && counts.documents() == 0 && counts.questions() == 0
                        ? removeIfEmpty(job.corpus()) : Uni.createFrom().voidItem())
                .onFailure(Database::outage).retry().withBackOff(retryBackoff, retryBackoff.multipliedBy(32)).indefinitely()
                .onTermination().invoke(() -> running.remove(job.corpus(), job))
                .subscribe().with(saved -> {
                }, failure -> Log.errorf("Cannot record the end of ingestion %s: %s", job.id(), failure.getMessage()));
    }

    /** A corpus left with no chunk and no question (its first ingestion loaded nothing) is not kept. */
    private Uni<Void> removeIfEmpty(String corpus) {
        return index.stats(corpus).chain(stats -> stats.chunks() > 0 ? Uni.createFrom().voidItem()
                : repository.deleteIfEmptyAndIdle(corpus).chain(removed -> removed ? index.delete(corpus)
                        .invoke(() -> Log.infof("Corpus %s removed: it holds nothing", corpus))
                        : Uni.createFrom().voidItem()))
                .onFailure(IngestionService::outage).retry().withBackOff(retryBackoff, retryBackoff.multipliedBy(32))
                .expireIn(outageHorizon.toMillis());
    }

    private static long size(IngestionSource source) {
        try {
            return Files.size(source.file());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + source.description(), e);
        }
    }
}
