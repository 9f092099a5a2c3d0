package io.ragfit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;

import io.ragfit.corpus.Chunk;
import io.ragfit.corpus.Chunker;
import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.Document;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.corpus.format.RecordReader;
import io.ragfit.embedding.InProcessEmbedder;
import io.smallrye.mutiny.Multi;

/**
 * {@code ./ragfit bench ingest}: how fast the in-process embedder turns the NQ sample's chunks into
 * vectors on its own, how fast the service ingests the same file end to end (read, chunk, embed, bulk
 * index, store questions), and the ratio of the two: the cost of everything around the embedder.
 */
public final class IngestBenchmark {

    private static final String SAMPLE = "nq-open-oracle-sample.jsonl";
    /** The service's defaults (ragfit.corpus.batch-size, ragfit.corpus.concurrency), for a like-for-like comparison. */
    private static final int BATCH = 64;
    private static final int CONCURRENCY = 2;

    public static void main(String[] args) {
        Bench.run(() -> run());
    }

    private static void run() throws Exception {
        List<String> chunks = chunksOfTheSample();
        System.out.printf("Embedder alone: %d chunks of the NQ sample (%s), batches of %d, %d in flight%n",
                chunks.size(), SAMPLE, BATCH, CONCURRENCY);
        double embedPerSecond = embedAlone(chunks);
        System.out.printf("  %.1f chunks/s%n", embedPerSecond);

        System.out.println("End to end: the service ingests the same file (starting a local stack and the service), warm");
        double ingestPerSecond;
        try (Bench bench = Bench.start()) {
            BenchHttp ragfit = new BenchHttp(bench.service.url(), bench.token());
            // as the embedder alone is measured warm, so are the service and Elasticsearch: a first ingestion compiles their code
            System.out.println("  warming up: the same file into another corpus");
            ragfit.ingest("bench-ingest-warm-up", "nq-open-oracle", SAMPLE);
            java.util.Map<String, Double> before = ProcessCounters.cpuSecondsByProgram();
            double embeddingBefore = ProcessCounters.threadCpuSeconds(bench.service.pid(), "embedder-");
            JsonNode done = ragfit.ingest("bench-ingest", "nq-open-oracle", SAMPLE);
            double embeddingMs = (ProcessCounters.threadCpuSeconds(bench.service.pid(), "embedder-") - embeddingBefore)
                    * 1000 / done.get("chunks").asLong();
            ingestPerSecond = done.get("chunksPerSecond").asDouble();
            System.out.printf("  %d chunks in %.1f s: %.1f chunks/s%n", done.get("chunks").asLong(),
                    done.get("elapsedSeconds").asDouble(), ingestPerSecond);
            System.out.println("  CPU while it ingested:");
            ProcessCounters.printCpuByProgram(before, done.get("chunks").asLong(), "chunk");
            System.out.printf("    of the service's, its embedding model's threads %.1f ms per chunk (alone: %.1f ms)%n",
                    embeddingMs, 1000 * Runtime.getRuntime().availableProcessors() / embedPerSecond);
        }
        System.out.println(new Figures()
                .put("embed_chunks_per_s", Figures.round(embedPerSecond, 1))
                .put("ingest_chunks_per_s", Figures.round(ingestPerSecond, 1))
                .put("ingest_vs_embed_ratio", Figures.round(ingestPerSecond / embedPerSecond, 3))
                .put("chunks", chunks.size())
                .put("embedder", InProcessEmbedder.MODEL.name() + " in process, "
                        + Runtime.getRuntime().availableProcessors() + " threads")
                .json());
    }

    /** The texts ingestion embeds: the sample's documents cut by the default chunker. */
    private static List<String> chunksOfTheSample() throws Exception {
        Chunker chunker = new Chunker(Chunker.PAPER_SIZE, 0);
        List<String> texts = new ArrayList<>();
        try (RecordReader reader = DatasetFormat.NQ_OPEN_ORACLE.open(Files.newInputStream(Path.of("datasets", SAMPLE)))) {
            while (reader.hasNext()) {
                DatasetRecord record = reader.next();
                if (record instanceof Document document) {
                    chunker.chunk(document).stream().map(Chunk::text).forEach(texts::add);
                }
            }
        }
        return texts;
    }

    private static double embedAlone(List<String> chunks) {
        ExecutorService computation = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            InProcessEmbedder embedder = new InProcessEmbedder(computation, InProcessEmbedder.QUERY_INSTRUCTION);
            embedder.embedDocuments(chunks.subList(0, BATCH)).await().indefinitely();
            List<List<String>> batches = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i += BATCH) {
                batches.add(chunks.subList(i, Math.min(i + BATCH, chunks.size())));
            }
            long started = System.nanoTime();
            long embedded = Multi.createFrom().iterable(batches)
                    .onItem().transformToUni(embedder::embedDocuments).merge(CONCURRENCY)
                    .collect().with(java.util.stream.Collectors.summingLong(List::size))
                    .await().atMost(Duration.ofMinutes(30));
            return embedded / ((System.nanoTime() - started) / 1e9);
        } finally {
            computation.shutdown();
        }
    }
}
