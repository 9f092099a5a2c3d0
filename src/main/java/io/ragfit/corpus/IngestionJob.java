package io.ragfit.corpus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.ragfit.corpus.IngestionProgress.Problem;
import io.ragfit.corpus.IngestionProgress.Status;
import io.ragfit.corpus.format.DatasetFormat;
import io.smallrye.mutiny.subscription.Cancellable;

/** One ingestion as it runs: counters updated by the pipeline, read by progress requests. */
final class IngestionJob {

    private final UUID id;
    private final String corpus;
    private volatile DatasetFormat format;
    private final boolean detectFormat;
    private final String source;
    private final long bytesTotal;
    private final double maxMalformedShare;
    private final SeenIds documentIds = new SeenIds();
    private final int maxProblems;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();

    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong sourceRecords = new AtomicLong();
    final AtomicLong documents = new AtomicLong();
    final AtomicLong duplicateDocuments = new AtomicLong();
    final AtomicLong questions = new AtomicLong();
    final AtomicLong chunks = new AtomicLong();
    final AtomicLong failedChunks = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    private final List<Problem> problems = new ArrayList<>();
    /** Why the source could not be read to its end, once its reader has ended; null when it was read whole. */
    volatile String stoppedEarly;

    private volatile Status status = Status.RUNNING;
    private volatile String error;
    private volatile Instant finishedAt;
    private volatile long finishedNanos;
    private volatile Cancellable running;

    /** {@code format} null: detected from the first records. */
    IngestionJob(UUID id, String corpus, DatasetFormat format, String source, long bytesTotal, double maxMalformedShare,
            int maxProblems) {
        this.id = id;
        this.corpus = corpus;
        this.format = format;
        this.detectFormat = format == null;
        this.maxMalformedShare = maxMalformedShare;
        this.source = source;
        this.bytesTotal = bytesTotal;
        this.maxProblems = maxProblems;
    }

    UUID id() {
        return id;
    }

    String corpus() {
        return corpus;
    }

    /** The format named, else the one detected, else empty (not detected yet). */
    Optional<DatasetFormat> format() {
        return Optional.ofNullable(format);
    }

    void detected(DatasetFormat detected) {
        format = detected;
    }

    /** Counts a document read; false when its id was read before in this file (the first one read is kept). */
    synchronized boolean document(String documentId) {
        boolean first = documentIds.add(documentId);
        (first ? documents : duplicateDocuments).incrementAndGet();
        return first;
    }

    /** Whether more of the source records were malformed than the ingestion allows. */
    boolean tooManyMalformed() {
        long read = sourceRecords.get();
        return read > 0 && malformed.get() > maxMalformedShare * read;
    }

    double maxMalformedShare() {
        return maxMalformedShare;
    }

    void problem(Problem problem) {
        synchronized (problems) {
            if (problems.size() < maxProblems) {
                problems.add(problem);
            }
        }
    }

    void running(Cancellable subscription) {
        this.running = subscription;
    }

    /** Records how it ended; the first end wins (a cancelled job does not then fail). */
    synchronized boolean finish(Status outcome, String reason) {
        if (status != Status.RUNNING) {
            return false;
        }
        error = reason;
        finishedAt = Instant.now();
        finishedNanos = System.nanoTime();
        status = outcome;
        return true;
    }

    boolean cancel() {
        Cancellable subscription = running;
        if (finish(Status.CANCELLED, "cancelled") && subscription != null) {
            subscription.cancel();
            return true;
        }
        return false;
    }

    IngestionProgress progress() {
        Status current = status;
        double elapsed = Duration.ofNanos((current == Status.RUNNING ? System.nanoTime() : finishedNanos) - startNanos)
                .toMillis() / 1000.0;
        IngestionCounts counts = new IngestionCounts(sourceRecords.get(), documents.get(), duplicateDocuments.get(),
                questions.get(), chunks.get(), failedChunks.get(), malformed.get());
        List<Problem> reported;
        synchronized (problems) {
            reported = List.copyOf(problems);
        }
        DatasetFormat known = format;
        return new IngestionProgress(id, corpus, known == null ? DatasetFormat.AUTO : known.formatName(),
                detectFormat ? Boolean.TRUE : null, source, current, counts,
                IngestionPace.of(bytesRead.get(), bytesTotal, counts.chunks(), elapsed, current == Status.RUNNING),
                maxMalformedShare, reported, error, startedAt, finishedAt);
    }
}
