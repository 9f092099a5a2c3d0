package io.ragfit.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.ragfit.corpus.IngestionProgress.Problem;
import io.ragfit.corpus.IngestionProgress.Status;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.corpus.format.RecordReader;
import io.ragfit.embedding.Embedder;
import io.ragfit.retrieval.ChunkIndex;
import io.ragfit.retrieval.IndexSettings;
import io.ragfit.retrieval.IndexedChunk;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Loads a dataset file into a corpus in the background: records are read one at a time, documents cut
 * into chunks, chunks embedded and bulk-indexed in batches (a bounded number in flight), questions
 * stored with their references. A malformed record is reported and skipped; a failure of Elasticsearch
 * or of the embedder after its retries ends the ingestion as failed. Chunk and question ids are
 * deterministic, so loading the same file again replaces what it loaded, never duplicates it.
 */
@ApplicationScoped
public class IngestionService {

    private final CorpusRepository repository;
    private final ChunkIndex index;
    private final Embedder embedder;
    private final CorpusConfig config;
    private final Map<String, IngestionJob> running = new ConcurrentHashMap<>();

    IngestionService(CorpusRepository repository, ChunkIndex index, Embedder embedder, CorpusConfig config) {
        this.repository = repository;
        this.index = index;
        this.embedder = embedder;
        this.config = config;
    }

    /** What one item of the pipeline carries: a chunk to embed and index, or a question to store. */
    private record Work(Chunk chunk, Question question) {
    }

    void interruptLeftovers(@Observes StartupEvent startup) {
        repository.interruptRunning()
                .subscribe().with(
                        count -> {
                            if (count > 0) {
                                Log.warnf("%d ingestion(s) were running when the service last stopped: marked INTERRUPTED",
                                        count);
                            }
                        },
                        failure -> Log.warnf("Cannot mark interrupted ingestions: %s", failure.getMessage()));
    }

    /**
     * Starts loading {@code source} into {@code corpusId}, creating the corpus (with the given chunking, or
     * the configured one) on its first ingestion; returns once the ingestion is under way.
     */
    public Uni<IngestionProgress> ingest(String corpusId, DatasetFormat format, IngestionSource source,
            Optional<Integer> chunkSize, Optional<Integer> chunkOverlap) {
        Corpus wanted = new Corpus(corpusId, chunkSize.orElse(config.chunkSize()),
                chunkOverlap.orElse(config.chunkOverlap()), embedder.model(), Instant.now());
        Chunker chunker = new Chunker(wanted.chunkSize(), wanted.chunkOverlap());
        return repository.createIfAbsent(wanted)
                .invoke(corpus -> checkCompatible(corpus, chunkSize, chunkOverlap))
                .chain(corpus -> index.ensure(corpus.id(),
                        new IndexSettings(corpus.model(), corpus.chunkSize(), corpus.chunkOverlap()))
                        .replaceWith(corpus))
                .map(corpus -> {
                    IngestionJob job = new IngestionJob(corpus.id(), format, source.description(), size(source),
                            config.maxReportedProblems());
                    if (running.putIfAbsent(corpus.id(), job) != null) {
                        throw new CorpusConflictException("an ingestion into corpus '" + corpus.id()
                                + "' is already running; wait for it or cancel it");
                    }
                    return job;
                })
                .call(job -> repository.saveIngestion(job.progress()))
                .invoke(job -> start(job, chunker, source))
                .map(IngestionJob::progress);
    }

    /** The ingestion running in a corpus, if any. */
    public Optional<IngestionProgress> running(String corpus) {
        return Optional.ofNullable(running.get(corpus)).map(IngestionJob::progress);
    }

    /** The running ingestion, else the last one recorded. */
    public Uni<Optional<IngestionProgress>> latest(String corpus) {
        Optional<IngestionProgress> live = running(corpus);
        return live.isPresent() ? Uni.createFrom().item(live) : repository.latestIngestion(corpus);
    }

    /** Cancels the running ingestion of a corpus; true if there was one. */
    public boolean cancel(String corpus) {
        IngestionJob job = running.get(corpus);
        return job != null && job.cancel();
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

    private void start(IngestionJob job, Chunker chunker, IngestionSource source) {
        ExecutorService reader = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("ingest-" + job.corpus()).daemon().factory());
        job.running(records(job, source)
                .runSubscriptionOn(reader)
                .onItem().transformToIterable(record -> work(job, chunker, record))
                .group().intoLists().of(config.batchSize())
                .onItem().transformToUni(batch -> store(job, batch)).merge(config.concurrency())
                .collect().last()
                .chain(() -> index.refresh(job.corpus()))
                .onTermination().invoke((done, failure, cancelled) -> {
                    reader.shutdown();
                    end(job, cancelled ? Status.CANCELLED : failure != null ? Status.FAILED : Status.COMPLETED,
                            failure == null ? null : failure.getMessage(), source);
                })
                .subscribe().with(done -> {
                }, failure -> {
                    // reported by end()
                }));
    }

    private Multi<DatasetRecord> records(IngestionJob job, IngestionSource source) {
        return Multi.createFrom().<RecordReader, DatasetRecord>resource(
                () -> job.format().open(open(source, job)),
                reader -> Multi.createFrom().iterable(() -> reader)
                        .invoke(() -> job.sourceRecords.set(reader.sourceRecords())))
                .withFinalizer(RecordReader::close);
    }

    private static InputStream open(IngestionSource source, IngestionJob job) {
        try {
            return new CountingInputStream(Files.newInputStream(source.file()), job.bytesRead::addAndGet);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + source.description(), e);
        }
    }

    private List<Work> work(IngestionJob job, Chunker chunker, DatasetRecord record) {
        return switch (record) {
            case Document document -> {
                job.documents.incrementAndGet();
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
        List<Chunk> chunks = batch.stream().map(Work::chunk).filter(java.util.Objects::nonNull).toList();
        List<Question> questions = batch.stream().map(Work::question).filter(java.util.Objects::nonNull).toList();
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
        Log.infof("Ingestion into %s %s: %d documents, %d questions, %d chunks (%.1f/s), %d malformed%s",
                job.corpus(), progress.status(), progress.documents(), progress.questions(), progress.chunks(),
                progress.chunksPerSecond(), progress.malformed(), error == null ? "" : ": " + error);
        if (source.staged()) {
            source.file().toFile().delete();
        }
        repository.saveIngestion(progress)
                .onTermination().invoke(() -> running.remove(job.corpus(), job))
                .subscribe().with(saved -> {
                }, failure -> Log.errorf("Cannot record the end of ingestion %s: %s", job.id(), failure.getMessage()));
    }

    private static long size(IngestionSource source) {
        try {
            return Files.size(source.file());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + source.description(), e);
        }
    }
}
