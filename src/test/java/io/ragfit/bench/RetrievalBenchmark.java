package io.ragfit.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;

import io.ragfit.corpus.Chunk;
import io.ragfit.corpus.Chunker;
import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.Document;
import io.ragfit.corpus.Passage;
import io.ragfit.corpus.Question;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.corpus.format.RecordReader;
import io.ragfit.embedding.InProcessEmbedder;

/**
 * {@code ./ragfit bench retrieval}: recall@5 and MRR@5 of the gold passage over every question of the NQ
 * oracle sample, among real-text distractors, then kNN latency over 1,000 queries.
 *
 * <p>The corpus holds every document of every dataset shipped in {@code datasets/} (the NQ sample's gold
 * passages, the simplified-NQ, Qasper, BioASQ and generic samples) and {@value #DERIVED_DOCUMENTS} documents
 * derived from them, all ingested through the service's API, so they are cut and embedded as the service
 * does. The derivation rule: a derived document joins 3 to 6 sentences drawn at random (seed 42) from the
 * sentences of the shipped documents, no two from the same document; a candidate that contains any chunk of
 * a shipped document verbatim (a whole gold passage in particular) is drawn again. A derived document may
 * thus hold the sentence that answers a question, never its gold passage: a near miss under another id, not
 * a second right answer. They are written as generic JSONL to a temporary file and streamed to the ingestion
 * endpoint.
 *
 * <p>Latency is measured on that index, after {@value #WARM_UP_QUERIES} searches with other questions. Should it
 * hold fewer than {@value #LATENCY_CHUNKS} chunks, it is measured again once seeded random unit vectors bring it
 * there; those are added after recall is measured and serve latency only.
 */
public final class RetrievalBenchmark {

    /** The shipped datasets that hold documents, the NQ sample first: it also gives the questions. */
    private static final List<Dataset> SHIPPED = List.of(
            new Dataset("nq-open-oracle", "nq-open-oracle-sample.jsonl"),
            new Dataset("nq-simplified", "nq-simplified-sample.jsonl"),
            new Dataset("qasper-hf", "qasper-hf-layout-sample.jsonl"),
            new Dataset("qasper", "qasper-v0.3-layout-fixture.json"),
            new Dataset("bioasq", "bioasq-format-fixture.json"),
            new Dataset("jsonl", "generic-example.jsonl"));
    private static final String CORPUS = "bench-retrieval";
    /** With the shipped datasets' 1,371 chunks, an index of {@value #LATENCY_CHUNKS} chunks of real text and more. */
    private static final int DERIVED_DOCUMENTS = 48_700;
    private static final int LATENCY_CHUNKS = 50_000;
    private static final int LATENCY_QUERIES = 1_000;
    /** Searches before the measured ones, with other questions: Elasticsearch's code compiled, the graph in memory. */
    private static final int WARM_UP_QUERIES = 200;
    private static final int K = 5;
    private static final int NUM_CANDIDATES = 100;

    private record Dataset(String format, String file) {
    }

    private record Sentence(int document, String text) {
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        int type = arguments.indexOf("--index-type");
        String indexType = type >= 0 && type + 1 < arguments.size() ? arguments.get(type + 1) : null;
        Bench.run(() -> run(indexType));
    }

    /** {@code indexType}: the vector index to build ({@code ragfit.retrieval.index-type}), or null for the service's default. */
    private static void run(String indexType) throws Exception {
        List<Question> questions = read(SHIPPED.getFirst()).stream()
                .filter(Question.class::isInstance).map(Question.class::cast).toList();
        List<Document> documents = shippedDocuments();
        System.out.printf("Deriving %d documents from the sentences of %d shipped documents...%n", DERIVED_DOCUMENTS,
                documents.size());
        Path derived = writeDerived(documents);
        try (Bench bench = Bench.start(indexType == null ? List.of() : List.of("-Dragfit.retrieval.index-type=" + indexType))) {
            System.out.println("Vector index: " + (indexType == null ? "the service's default" : indexType));
            BenchHttp ragfit = new BenchHttp(bench.service.url(), bench.token());
            BenchHttp elasticsearch = new BenchHttp(URI.create("http://" + bench.stack.quarkusConfig().get("quarkus.elasticsearch.hosts")));
            for (Dataset dataset : SHIPPED) {
                ragfit.ingest(CORPUS, dataset.format(), dataset.file());
            }
            long real = chunks(ragfit);
            ragfit.ingest(CORPUS, "jsonl", derived);
            long text = chunks(ragfit);
            long derivedChunks = text - real;
            System.out.printf("Text index: %d chunks (%d of the shipped datasets, %d derived)%n", text, real, derivedChunks);

            System.out.printf("Recall@%d and MRR@%d through POST /corpora/%s/search, %d NQ questions%n", K, K, CORPUS,
                    questions.size());
            int found = 0;
            double reciprocalRanks = 0;
            long[] searchNanos = new long[questions.size()];
            for (int i = 0; i < questions.size(); i++) {
                Question question = questions.get(i);
                long started = System.nanoTime();
                JsonNode result = ragfit.post("/corpora/" + CORPUS + "/search", Map.of("query", question.text(), "k", K), 200);
                searchNanos[i] = System.nanoTime() - started;
                int rank = firstGoldRank(result.get("chunks"), question);
                if (rank > 0) {
                    found++;
                    reciprocalRanks += 1.0 / rank;
                }
            }
            double recall = found / (double) questions.size();
            double mrr = reciprocalRanks / questions.size();
            System.out.printf("  recall@%d %.3f (%d/%d), MRR@%d %.3f; search endpoint p50 %.2f ms%n", K, recall, found,
                    questions.size(), K, mrr, Figures.percentileMillis(searchNanos, 50));

            System.out.printf("kNN latency: %d queries (NQ questions, embedded in advance), k=%d, num_candidates=%d, one at a time%n",
                    LATENCY_QUERIES, K, NUM_CANDIDATES);
            List<float[]> vectors = embedQueries(questions.subList(0, LATENCY_QUERIES));
            knnNanos(elasticsearch, embedQueries(questions.subList(LATENCY_QUERIES, LATENCY_QUERIES + WARM_UP_QUERIES)));
            long[] textNanos = knnNanos(elasticsearch, vectors);
            System.out.printf("  text index, %d chunks: p50 %.2f ms, p99 %.2f ms%n", text,
                    Figures.percentileMillis(textNanos, 50), Figures.percentileMillis(textNanos, 99));
            int random = (int) Math.max(0, LATENCY_CHUNKS - text);
            long chunks = text;
            long[] knnNanos = textNanos;
            if (random > 0) {
                indexRandomVectors(elasticsearch, "ragfit-corpus-" + CORPUS, random);
                chunks = chunks(ragfit);
                knnNanos = knnNanos(elasticsearch, vectors);
                System.out.printf("  text index + %d random unit vectors (latency only), %d chunks: p50 %.2f ms, p99 %.2f ms%n",
                        random, chunks, Figures.percentileMillis(knnNanos, 50), Figures.percentileMillis(knnNanos, 99));
            }
            System.out.println(new Figures()
                    .put("knn_p50_ms", Figures.round(Figures.percentileMillis(knnNanos, 50), 2))
                    .put("knn_p99_ms", Figures.round(Figures.percentileMillis(knnNanos, 99), 2))
                    .put("chunks", chunks)
                    .put("real_text_chunks", real)
                    .put("derived_chunks", derivedChunks)
                    .put("random_vector_chunks", random)
                    .put("text_index_knn_p50_ms", Figures.round(Figures.percentileMillis(textNanos, 50), 2))
                    .put("text_index_knn_p99_ms", Figures.round(Figures.percentileMillis(textNanos, 99), 2))
                    .put("search_endpoint_p50_ms", Figures.round(Figures.percentileMillis(searchNanos, 50), 2))
                    .put("nq_recall_at_5", Figures.round(recall, 4))
                    .put("nq_mrr_at_5", Figures.round(mrr, 4))
                    .put("nq_questions", questions.size())
                    .put("index_type", indexType == null ? "default" : indexType)
                    .json());
        } finally {
            Files.deleteIfExists(derived);
        }
    }

    private static List<DatasetRecord> read(Dataset dataset) throws IOException {
        List<DatasetRecord> records = new ArrayList<>();
        try (RecordReader reader = DatasetFormat.byName(dataset.format()).orElseThrow()
                .open(Files.newInputStream(Path.of("datasets", dataset.file())))) {
            reader.forEachRemaining(records::add);
        }
        return records;
    }

    /** Distinct by id, as the index keeps them (NQ questions may share a gold passage). */
    private static List<Document> shippedDocuments() throws IOException {
        Map<String, Document> documents = new LinkedHashMap<>();
        for (Dataset dataset : SHIPPED) {
            for (DatasetRecord record : read(dataset)) {
                if (record instanceof Document document) {
                    documents.putIfAbsent(document.id(), document);
                }
            }
        }
        return List.copyOf(documents.values());
    }

    /** The derived documents (see the class comment) as generic JSONL in a temporary file. */
    private static Path writeDerived(List<Document> documents) throws IOException {
        Chunker chunker = new Chunker(Chunker.PAPER_SIZE, 0);
        List<String> realChunks = documents.stream().flatMap(document -> chunker.chunk(document).stream())
                .map(Chunk::text).toList();
        List<Sentence> sentences = sentences(documents);
        Random random = new Random(42);
        Path file = Files.createTempFile("ragfit-bench-derived-", ".jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int written = 0; written < DERIVED_DOCUMENTS;) {
                String text = derivedText(sentences, random);
                if (realChunks.stream().noneMatch(text::contains)) {
                    out.write(BenchHttp.JSON.writeValueAsString(Map.of("id", "derived-" + written, "text", text)));
                    out.newLine();
                    written++;
                }
            }
        }
        return file;
    }

    private static List<Sentence> sentences(List<Document> documents) {
        BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ROOT);
        List<Sentence> sentences = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            for (Passage passage : documents.get(i).passages()) {
                boundaries.setText(passage.text());
                for (int from = boundaries.first(), to = boundaries.next(); to != BreakIterator.DONE; from = to, to = boundaries.next()) {
                    String sentence = passage.text().substring(from, to).strip();
                    if (!sentence.isEmpty()) {
                        sentences.add(new Sentence(i, sentence));
                    }
                }
            }
        }
        return sentences;
    }

    private static String derivedText(List<Sentence> sentences, Random random) {
        int length = 3 + random.nextInt(4);
        Set<Integer> sources = new HashSet<>();
        List<String> picked = new ArrayList<>();
        while (picked.size() < length) {
            Sentence sentence = sentences.get(random.nextInt(sentences.size()));
            if (sources.add(sentence.document())) {
                picked.add(sentence.text());
            }
        }
        return String.join(" ", picked);
    }

    private static long chunks(BenchHttp ragfit) {
        return ragfit.get("/corpora/" + CORPUS).get("chunks").asLong();
    }

    /** The 1-based rank of the first chunk of a gold document, 0 when none is among them. */
    private static int firstGoldRank(JsonNode chunks, Question question) {
        for (int i = 0; i < chunks.size(); i++) {
            if (question.goldDocumentIds().contains(chunks.get(i).get("documentId").asText())) {
                return i + 1;
            }
        }
        return 0;
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

    /** Each query's time, after 50 untimed to warm up. */
    private static long[] knnNanos(BenchHttp elasticsearch, List<float[]> vectors) {
        for (float[] vector : vectors.subList(0, 50)) {
            knn(elasticsearch, vector);
        }
        long[] nanos = new long[vectors.size()];
        for (int i = 0; i < vectors.size(); i++) {
            long started = System.nanoTime();
            knn(elasticsearch, vectors.get(i));
            nanos[i] = System.nanoTime() - started;
        }
        return nanos;
    }

    private static void knn(BenchHttp elasticsearch, float[] vector) {
        elasticsearch.post("/ragfit-corpus-" + CORPUS + "/_search", Map.of(
                "size", K,
                "_source", List.of("document_id"),
                "knn", Map.of("field", "vector", "query_vector", vector, "k", K, "num_candidates", NUM_CANDIDATES)), 200);
    }

    /** Seeded random unit vectors, bulk-indexed in batches of 1,000, then a refresh. */
    private static void indexRandomVectors(BenchHttp elasticsearch, String index, int count) throws Exception {
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
                bulk.append("{\"index\":{\"_id\":\"random-").append(i).append("\"}}\n");
                bulk.append(BenchHttp.JSON.writeValueAsString(Map.of("document_id", "random:" + i,
                        "text", "random vector " + i, "vector", vector))).append('\n');
            }
            JsonNode response = elasticsearch.postText("/" + index + "/_bulk", "application/x-ndjson", bulk.toString());
            if (response.get("errors").asBoolean()) {
                throw new IllegalStateException("Elasticsearch refused random vectors: " + response.toString().substring(0, 500));
            }
        }
        elasticsearch.post("/" + index + "/_refresh");
    }
}
