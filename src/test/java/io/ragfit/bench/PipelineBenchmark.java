package io.ragfit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.ragfit.corpus.DatasetRecord;
import io.ragfit.corpus.Question;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.corpus.format.RecordReader;
import io.ragfit.testing.KafkaTopics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./ragfit bench pipeline [--profile]}: the workload of issue 16, end to end from the records produced to
 * {@code ragfit.questions} to the last G-Eval score on {@code ragfit.scores}. Rounds of 200 shipped NQ questions (with
 * their short answers as references; other questions each round, so that no cache sees a question twice) x 2 variants, retrieval from the NQ sample's passages, each answer judged by G-Eval
 * in logprob mode on accuracy and completeness, against the OpenAI-compatible double in a process of its own. It
 * prints questions per second, the service's CPU milliseconds per question (from its process's CPU time), its peak
 * RSS, the most model calls in flight at once, and, with 200 ms per call, calls per second as a share of the bound
 * {@value #CALLS_IN_FLIGHT} calls in flight / 0.2 s. {@code --profile} records the measured rounds with JDK Flight
 * Recorder ({@code target/bench-pipeline.jfr}) and prints the top frames and allocation sites.
 */
public final class PipelineBenchmark {

    private static final int QUESTIONS = 200;
    private static final int MEASURED_ROUNDS = 3;
    /**
     * Rounds for the JIT compilers to settle (with one, they still took a fifth of the service's CPU), over the
     * questions of the first {@value #WARM_UP_QUESTION_SETS} rounds again and again: the measured rounds' questions
     * stay unseen.
     */
    private static final int WARM_UP_ROUNDS = 4;
    private static final int WARM_UP_QUESTION_SETS = 2;
    /** The sets of questions: the warm-up's, the measured rounds', the round with slow calls'. */
    private static final int ROUNDS = WARM_UP_QUESTION_SETS + MEASURED_ROUNDS + 1;
    private static final List<String> ANSWERING = List.of("bench-a", "bench-b");
    private static final String JUDGE = "bench-judge";
    /** The endpoint's concurrency bound: variants on one endpoint with one bound share its slots, as pods serving them do. */
    private static final int CALLS_IN_FLIGHT = 64;
    private static final Duration SLOW_CALL = Duration.ofMillis(200);
    private static final int CRITERIA = 2;
    /** The in-process embedding model's threads (EmbedderProducer), which run nothing else. */
    private static final String EMBEDDER_THREADS = "embedder-";
    /** bge-small's, so that the index and its searches cost what they do with the in-process model. */
    private static final int EMBEDDING_DIMENSIONS = 384;

    public static void main(String[] args) {
        boolean profile = Arrays.asList(args).contains("--profile");
        boolean remoteEmbedder = Arrays.asList(args).contains("--remote-embedder");
        Bench.run(() -> run(profile, remoteEmbedder));
    }

    private static void run(boolean profile, boolean remoteEmbedder) throws Exception {
        List<JsonObject> questions = nqQuestions();
        java.util.Iterator<List<JsonObject>> rounds = java.util.stream.IntStream.range(0, ROUNDS)
                .mapToObj(round -> questions.subList(round * QUESTIONS, (round + 1) * QUESTIONS)).iterator();
        try (ModelDoubleProcess models = ModelDoubleProcess.start(Path.of("target", "bench-model-double.log"));
                ModelDoubleProcess embeddings = remoteEmbedder
                        ? ModelDoubleProcess.start(Path.of("target", "bench-embedding-double.log"), EMBEDDING_DIMENSIONS)
                        : null;
                Bench bench = Bench.start(remoteEmbedder ? remoteEmbedding(embeddings) : List.of())) {
            System.out.println(remoteEmbedder
                    ? "Embeddings from an OpenAI-compatible double in a process of its own (--remote-embedder): the"
                            + " service's own cost, as with an embedding pod; retrieval quality is meaningless here"
                    : "Embeddings by the in-process model (the embedded default); --remote-embedder measures the service"
                            + " without it");
            BenchHttp ragfit = new BenchHttp(bench.service.url(), bench.token());
            for (String name : List.of(ANSWERING.get(0), ANSWERING.get(1), JUDGE)) {
                ragfit.post("/variants", Map.of("name", name, "role", "base", "endpoint", models.baseUrl().toString(),
                        "model", name, "maxConcurrentRequests", CALLS_IN_FLIGHT), 201);
            }
            ragfit.ingest("nq", "nq-open-oracle", "nq-open-oracle-sample.jsonl");
            String runId = ragfit.post("/runs", Map.of("name", "bench", "corpus", "nq", "variants", ANSWERING,
                    "judgeVariant", JUDGE, "judgeMode", "logprobs"), 201).get("id").asText();
            KafkaTopics kafka = new KafkaTopics(bench.stack.quarkusConfig().get("kafka.bootstrap.servers"));
            kafka.ensureTopic("ragfit.scores");
            long service = bench.service.pid();

            System.out.printf("Warming up (%d x %d questions x %d variants)...%n", WARM_UP_ROUNDS, QUESTIONS, ANSWERING.size());
            List<List<JsonObject>> warmUp = new ArrayList<>();
            for (int set = 0; set < WARM_UP_QUESTION_SETS; set++) {
                warmUp.add(rounds.next());
            }
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                throughput(kafka, runId, warmUp.get(round % WARM_UP_QUESTION_SETS));
            }
            FlightRecording recording = profile ? FlightRecording.start(service) : null;
            double cpuBefore = ProcessCounters.cpuSeconds(service);
            double embeddingBefore = ProcessCounters.threadCpuSeconds(service, EMBEDDER_THREADS);
            double machineBefore = ProcessCounters.machineCpuSeconds();
            Map<String, Double> programsBefore = ProcessCounters.cpuSecondsByProgram();
            List<Double> measured = new ArrayList<>();
            for (int round = 0; round < MEASURED_ROUNDS; round++) {
                measured.add(throughput(kafka, runId, rounds.next()));
                System.out.printf("  round %d: %d questions x %d variants + G-Eval (logprobs, %d criteria): %.1f questions/s%n",
                        round + 1, QUESTIONS, ANSWERING.size(), CRITERIA, measured.getLast());
            }
            double cpuMsPerQuestion = (ProcessCounters.cpuSeconds(service) - cpuBefore) * 1000
                    / (MEASURED_ROUNDS * QUESTIONS);
            double embeddingMsPerQuestion = (ProcessCounters.threadCpuSeconds(service, EMBEDDER_THREADS) - embeddingBefore)
                    * 1000 / (MEASURED_ROUNDS * QUESTIONS);
            double machineMsPerQuestion = (ProcessCounters.machineCpuSeconds() - machineBefore) * 1000
                    / (MEASURED_ROUNDS * QUESTIONS);
            Path profiled = recording == null ? null : recording.stop(Path.of("target", "bench-pipeline.jfr"));
            double median = measured.stream().sorted().toList().get(MEASURED_ROUNDS / 2);
            System.out.printf("  median %.1f questions/s; service CPU %.1f ms per question%s%n", median, cpuMsPerQuestion,
                    remoteEmbedder ? " (embeddings by the double)" : String.format(", of which the in-process embedding"
                            + " model %.1f ms (its threads: the question, each answer and the reference, %d texts) and the"
                            + " rest %.1f ms", embeddingMsPerQuestion, 2 + ANSWERING.size(),
                            cpuMsPerQuestion - embeddingMsPerQuestion));
            System.out.printf("  the machine's CPU, every process (Elasticsearch, PostgreSQL, Kafka, the doubles, this"
                    + " benchmark, the service): %.1f ms per question, of %d cores%n", machineMsPerQuestion,
                    Runtime.getRuntime().availableProcessors());
            ProcessCounters.printCpuByProgram(programsBefore, MEASURED_ROUNDS * QUESTIONS, "question");

            models.latency(SLOW_CALL);
            double bound = CALLS_IN_FLIGHT / (SLOW_CALL.toMillis() / 1000.0);
            long callsBefore = models.stats().get("calls").asLong();
            long started = System.nanoTime();
            double slow = throughput(kafka, runId, rounds.next());
            // an instant double answers each call before it takes the next: calls overlap only when they take time
            int mostInFlight = models.stats().get("maxInFlight").asInt();
            double callsPerSecond = (models.stats().get("calls").asLong() - callsBefore) / ((System.nanoTime() - started) / 1e9);
            System.out.printf("Double taking %d ms per call: %.1f questions/s, %.0f calls/s of the bound %d in flight / %.1f s"
                    + " = %.0f calls/s: efficiency %.3f; most calls in flight at once %d%n", SLOW_CALL.toMillis(), slow,
                    callsPerSecond, CALLS_IN_FLIGHT, SLOW_CALL.toMillis() / 1000.0, bound, callsPerSecond / bound, mostInFlight);
            double rss = ProcessCounters.peakRssMiB(service);
            System.out.printf("Service peak RSS %.0f MiB%n", rss);
            if (profiled != null) {
                FlightRecording.summarise(profiled);
            }
            System.out.println(new Figures()
                    .put("questions_per_s_2_variants_geval", Figures.round(median, 1))
                    .put("service_cpu_ms_per_question", Figures.round(cpuMsPerQuestion, 1))
                    .put("embedding_cpu_ms_per_question", Figures.round(embeddingMsPerQuestion, 1))
                    .put("machine_cpu_ms_per_question", Figures.round(machineMsPerQuestion, 1))
                    .put("embedder", remoteEmbedder ? "remote double" : "in-process")
                    .put("service_rss_mb", Math.round(rss))
                    .put("max_calls_in_flight", mostInFlight)
                    .put("latency_bound_efficiency", Figures.round(callsPerSecond / bound, 3))
                    .put("slow_questions_per_s", Figures.round(slow, 1))
                    .json());
        }
    }

    /** The service's settings for embeddings by the double, as many in flight as model calls. */
    private static List<String> remoteEmbedding(ModelDoubleProcess embeddings) {
        return List.of("-Dragfit.embedding.provider=remote",
                "-Dragfit.embedding.remote.url=" + embeddings.baseUrl(),
                "-Dragfit.embedding.remote.model=bench-embedder",
                "-Dragfit.embedding.remote.dimensions=" + EMBEDDING_DIMENSIONS,
                "-Dragfit.embedding.remote.max-concurrent-requests=" + CALLS_IN_FLIGHT);
    }

    /** The first {@value #ROUNDS} x {@value #QUESTIONS} questions of the NQ sample, their short answers as exact references. */
    private static List<JsonObject> nqQuestions() throws Exception {
        List<JsonObject> questions = new ArrayList<>();
        try (RecordReader reader = DatasetFormat.NQ_OPEN_ORACLE.open(
                Files.newInputStream(Path.of("datasets", "nq-open-oracle-sample.jsonl")))) {
            while (reader.hasNext() && questions.size() < ROUNDS * QUESTIONS) {
                DatasetRecord record = reader.next();
                if (record instanceof Question question) {
                    JsonArray references = new JsonArray();
                    for (ReferenceAnswer answer : question.answers()) {
                        references.add(new JsonObject().put("kind", answer.kind().name()).put("text", answer.text()));
                    }
                    questions.add(new JsonObject().put("question", question.text()).put("references", references));
                }
            }
        }
        return questions;
    }

    /** Produces the questions, then waits for every G-Eval score they must yield; questions per second over that span. */
    private static double throughput(KafkaTopics kafka, String runId, List<JsonObject> questions) {
        String round = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < questions.size(); i++) {
            String id = round + "-" + i;
            records.put(id, questions.get(i).copy().put("schemaVersion", 1).put("id", id).put("runId", runId).encode());
        }
        long expected = (long) questions.size() * ANSWERING.size() * CRITERIA;
        try (ScoreCounter scores = new ScoreCounter(kafka.bootstrapServers(), runId, round)) {
            long started = System.nanoTime();
            kafka.sendAll("ragfit.questions", records);
            scores.awaitCount(expected, Duration.ofMinutes(10));
            return questions.size() / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** Counts the G-Eval scores of one round of questions as they arrive, from the end of the topic when it was opened. */
    private static final class ScoreCounter implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final String runId;
        private final String round;

        ScoreCounter(String bootstrapServers, String runId, String round) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + round);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
            this.runId = runId;
            this.round = round;
            List<TopicPartition> partitions = consumer.partitionsFor("ragfit.scores", Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition("ragfit.scores", info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        void awaitCount(long expected, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long seen = 0;
            while (seen < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen + " of " + expected + " scores arrived in " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    JsonObject score = new JsonObject(record.value());
                    if (runId.equals(score.getString("runId")) && record.key().startsWith(round + "-")
                            && "GEVAL".equals(score.getString("kind"))) {
                        if (score.getValue("value") == null) {
                            throw new IllegalStateException("a score failed: " + record.value());
                        }
                        seen++;
                    }
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
