package io.ragfit.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.ragfit.testing.KafkaTopics;
import io.ragfit.testing.OpenAiDouble;
import io.vertx.core.json.JsonObject;

/**
 * {@code ./ragfit bench pipeline}: questions per second end to end, from the records produced to
 * {@code ragfit.questions} to the last score on {@code ragfit.scores} (retrieval, every variant, the judge
 * in logprob mode on accuracy and completeness, storage), against a model double that answers at once,
 * with 1 and with 4 variants. Then, with 200 ms per model call, the throughput with 1 variant as a share
 * of its bound: each question makes two model calls one after the other (the answer, then the judge's
 * criteria in parallel), so at most {@code max-in-flight / 0.4 s} questions per second.
 */
public final class PipelineBenchmark {

    private static final int MAX_IN_FLIGHT = 32;
    private static final Duration SLOW_CALL = Duration.ofMillis(200);
    private static final int CRITERIA = 2;

    public static void main(String[] args) {
        Bench.run(PipelineBenchmark::run);
    }

    private static void run() {
        try (OpenAiDouble models = OpenAiDouble.start(8).tokenProbabilities(Map.of("4", 0.6, "5", 0.4));
                Bench bench = Bench.start(List.of("-Dragfit.pipeline.max-in-flight=" + MAX_IN_FLIGHT))) {
            BenchHttp ragfit = new BenchHttp(bench.service.url(), bench.token());
            List<String> variants = new ArrayList<>();
            for (String name : List.of("bench-a", "bench-b", "bench-c", "bench-d", "bench-judge")) {
                ragfit.post("/variants", Map.of("name", name, "role", "base", "endpoint", models.baseUrl().toString(),
                        "model", name, "maxConcurrentRequests", 2 * MAX_IN_FLIGHT), 201);
                variants.add(name);
            }
            ragfit.ingest("handbook", "jsonl", "generic-example.jsonl");
            String one = run(ragfit, "one-variant", variants.subList(0, 1));
            String four = run(ragfit, "four-variants", variants.subList(0, 4));
            KafkaTopics kafka = new KafkaTopics(bench.stack.quarkusConfig().get("kafka.bootstrap.servers"));
            kafka.ensureTopic("ragfit.scores");

            System.out.println("Warming up (200 questions, 1 variant)...");
            throughput(kafka, one, 200, 1);
            double oneVariant = measure(kafka, one, 2_000, 1);
            double fourVariants = measure(kafka, four, 1_000, 4);

            models.latency(SLOW_CALL);
            double bound = MAX_IN_FLIGHT / (2 * SLOW_CALL.toMillis() / 1000.0);
            System.out.printf("Double taking %d ms per call: bound %d in flight / (2 x %.1f s) = %.0f questions/s%n",
                    SLOW_CALL.toMillis(), MAX_IN_FLIGHT, SLOW_CALL.toMillis() / 1000.0, bound);
            double slow = measure(kafka, one, 800, 1);
            System.out.printf("  efficiency %.3f; largest number of calls in flight at the double: %d%n", slow / bound,
                    models.maxInFlight());
            System.out.println(new Figures()
                    .put("questions_per_s_1_variant", Figures.round(oneVariant, 1))
                    .put("questions_per_s_4_variants", Figures.round(fourVariants, 1))
                    .put("latency_bound_efficiency", Figures.round(slow / bound, 3))
                    .put("latency_bound_per_s", Figures.round(bound, 1))
                    .put("slow_questions_per_s", Figures.round(slow, 1))
                    .put("max_in_flight", MAX_IN_FLIGHT)
                    .json());
        }
    }

    private static String run(BenchHttp ragfit, String name, List<String> variants) {
        return ragfit.post("/runs", Map.of("name", name, "corpus", "handbook", "variants", variants,
                "judgeVariant", "bench-judge", "judgeMode", "logprobs"), 201).get("id").asText();
    }

    private static double measure(KafkaTopics kafka, String runId, int questions, int variants) {
        double perSecond = throughput(kafka, runId, questions, variants);
        System.out.printf("  %d variant(s): %d questions, %.1f questions/s (%d answers and %d scores each)%n", variants,
                questions, perSecond, variants, variants * CRITERIA);
        return perSecond;
    }

    /** Produces the questions, then waits for every score they must yield; questions per second over that span. */
    private static double throughput(KafkaTopics kafka, String runId, int questions, int variants) {
        String round = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> records = new LinkedHashMap<>();
        IntStream.range(0, questions).forEach(i -> {
            String id = round + "-" + i;
            records.put(id, new JsonObject().put("schemaVersion", 1).put("id", id).put("runId", runId)
                    .put("question", "How long does a refund take to arrive, question " + i + "?").encode());
        });
        long expected = (long) questions * variants * CRITERIA;
        try (ScoreCounter scores = new ScoreCounter(kafka.bootstrapServers(), runId, round)) {
            long started = System.nanoTime();
            kafka.sendAll("ragfit.questions", records);
            scores.awaitCount(expected, Duration.ofMinutes(10));
            return questions / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** Counts the scores of one round of questions as they arrive, from the end of the topic when it was opened. */
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
                    if (runId.equals(score.getString("runId")) && record.key().startsWith(round + "-")) {
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
