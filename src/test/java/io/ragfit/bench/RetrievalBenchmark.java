package io.ragfit.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;

import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.Question;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.corpus.format.RecordReader;
import io.ragfit.embedding.InProcessEmbedder;

/**
 * {@code ./ragfit bench retrieval}: kNN latency over 1,000 queries against at least 50,000 chunks, and
 * recall@5 of the gold passage over every question of the NQ oracle sample. The sample's 1,200 gold
 * passages give about 1,230 real chunks; the rest are synthetic distractors (seeded random unit
 * vectors) that bring the index to 50,000 vectors for the latency figures. They lie far from real
 * queries, so recall is that of the real passages; the output says so.
 */
public final class RetrievalBenchmark {

    private static final String CORPUS = "bench-retrieval";
    private static final int TOTAL_CHUNKS = 50_000;
    private static final int LATENCY_QUERIES = 1_000;
    private static final int K = 5;
    private static final int NUM_CANDIDATES = 100;

    public static void main(String[] args) {
        Bench.run(() -> run());
    }

    private static void run() throws Exception {
        List<Question> questions = nqQuestions();
        try (Bench bench = Bench.start()) {
            BenchHttp ragfit = new BenchHttp(bench.service.url(), bench.token());
            BenchHttp elasticsearch = new BenchHttp(URI.create("http://" + bench.stack.quarkusConfig().get("quarkus.elasticsearch.hosts")));
            ragfit.ingest(CORPUS, "nq-open-oracle", "nq-open-oracle-sample.jsonl");
            long real = ragfit.get("/corpora/" + CORPUS).get("chunks").asLong();
            int distractors = (int) (TOTAL_CHUNKS - real);
            System.out.printf("Indexing %d synthetic distractor vectors beside the %d real chunks...%n", distractors, real);
            indexDistractors(elasticsearch, "ragfit-corpus-" + CORPUS, distractors);
            long chunks = ragfit.get("/corpora/" + CORPUS).get("chunks").asLong();

            System.out.printf("kNN latency: %d queries (NQ questions, embedded in advance), k=%d, num_candidates=%d, one at a time%n",
                    LATENCY_QUERIES, K, NUM_CANDIDATES);
            List<float[]> vectors = embedQueries(questions.subList(0, LATENCY_QUERIES));
            for (float[] vector : vectors.subList(0, 50)) {
                knn(elasticsearch, vector);
            }
            long[] knnNanos = new long[vectors.size()];
            for (int i = 0; i < vectors.size(); i++) {
                long started = System.nanoTime();
                knn(elasticsearch, vectors.get(i));
                knnNanos[i] = System.nanoTime() - started;
            }

            System.out.printf("Recall@%d through POST /corpora/%s/search, %d questions%n", K, CORPUS, questions.size());
            int found = 0;
            long[] searchNanos = new long[questions.size()];
            for (int i = 0; i < questions.size(); i++) {
                Question question = questions.get(i);
                long started = System.nanoTime();
                JsonNode result = ragfit.post("/corpora/" + CORPUS + "/search", Map.of("query", question.text(), "k", K), 200);
                searchNanos[i] = System.nanoTime() - started;
                for (JsonNode chunk : result.get("chunks")) {
                    if (question.goldDocumentIds().contains(chunk.get("documentId").asText())) {
                        found++;
                        break;
                    }
                }
            }
            double recall = found / (double) questions.size();
            System.out.printf("  chunks %d (%d real, %d synthetic), kNN p50 %.2f ms, p99 %.2f ms; search endpoint p50 %.2f ms;"
                    + " recall@5 %.3f (%d/%d)%n", chunks, real, distractors, Figures.percentileMillis(knnNanos, 50),
                    Figures.percentileMillis(knnNanos, 99), Figures.percentileMillis(searchNanos, 50), recall, found,
                    questions.size());
            System.out.println(new Figures()
                    .put("knn_p50_ms", Figures.round(Figures.percentileMillis(knnNanos, 50), 2))
                    .put("knn_p99_ms", Figures.round(Figures.percentileMillis(knnNanos, 99), 2))
                    .put("chunks", chunks)
                    .put("nq_recall_at_5", Figures.round(recall, 4))
                    .put("nq_questions", questions.size())
                    .put("real_chunks", real)
                    .put("synthetic_distractor_chunks", distractors)
                    .put("search_endpoint_p50_ms", Figures.round(Figures.percentileMillis(searchNanos, 50), 2))
                    .json());
        }
    }

    private static List<Question> nqQuestions() throws Exception {
        List<Question> questions = new ArrayList<>();
        try (RecordReader reader = DatasetFormat.NQ_OPEN_ORACLE.open(
                Files.newInputStream(Path.of("datasets", "nq-open-oracle-sample.jsonl")))) {
            while (reader.hasNext()) {
                DatasetRecord record = reader.next();
                if (record instanceof Question question) {
                    questions.add(question);
                }
            }
        }
        return questions;
    }

    /** The queries as the service embeds them (same model, same instruction), computed before timing. */
    private static List<float[]> embedQueries(List<Question> questions) {
        ExecutorService computation = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            InProcessEmbedder embedder = new InProcessEmbedder(computation, InProcessEmbedder.QUERY_INSTRUCTION);
            return questions.stream().map(question -> embedder.embedQuery(question.text()).await().indefinitely()).toList();
        } finally {
            computation.shutdown();
        }
    }

    private static void knn(BenchHttp elasticsearch, float[] vector) {
        elasticsearch.post("/ragfit-corpus-" + CORPUS + "/_search", Map.of(
                "size", K,
                "_source", List.of("document_id"),
                "knn", Map.of("field", "vector", "query_vector", vector, "k", K, "num_candidates", NUM_CANDIDATES)), 200);
    }

    /** Seeded random unit vectors, bulk-indexed in batches of 1,000, then a refresh. */
    private static void indexDistractors(BenchHttp elasticsearch, String index, int count) throws Exception {
        Random random = new Random(42);
        int dimensions = InProcessEmbedder.MODEL.dimensions();
        for (int start = 0; start < count; start += 1_000) {
            StringBuilder bulk = new StringBuilder();
            for (int i = start; i < Math.min(start + 1_000, count); i++) {
                float[] vector = new float[dimensions];
                double norm = 0;
                for (int d = 0; d < dimensions; d++) {
                    vector[d] = (float) random.nextGaussian();
                    norm += vector[d] * vector[d];
                }
                for (int d = 0; d < dimensions; d++) {
                    vector[d] /= (float) Math.sqrt(norm);
                }
                bulk.append("{\"index\":{\"_id\":\"synthetic-").append(i).append("\"}}\n");
                bulk.append(BenchHttp.JSON.writeValueAsString(Map.of("document_id", "synthetic:" + i,
                        "text", "synthetic distractor " + i, "vector", vector))).append('\n');
            }
            JsonNode response = elasticsearch.postText("/" + index + "/_bulk", "application/x-ndjson", bulk.toString());
            if (response.get("errors").asBoolean()) {
                throw new IllegalStateException("Elasticsearch refused distractors: " + response.toString().substring(0, 500));
            }
        }
        elasticsearch.post("/" + index + "/_refresh");
    }
}
