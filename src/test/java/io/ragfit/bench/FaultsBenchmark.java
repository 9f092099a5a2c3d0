package io.ragfit.bench;

import io.ragfit.testing.TestTokens;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ragfit.devstack.DevStack;
import io.ragfit.devstack.ServiceProcess;
import io.ragfit.testing.KafkaTopics;
import io.ragfit.testing.OpenAiDouble;

/**
 * {@code ./ragfit bench faults}: three instances of the service on a throwaway stack, 200 questions per scenario
 * (half produced to Kafka, half in an HTTP batch), each answered by 2 variants and judged in logprob mode on two
 * criteria, while something goes wrong: (a) an instance SIGKILLed and restarted, (b) two of three SIGKILLed for
 * good, (c) Elasticsearch, (d) Kafka, (e) PostgreSQL SIGKILLed and restarted after 30 s, (f) a variant edited
 * through one instance while the others serve, (g) one answer of 2 MB, (h) a batch record with 2 MB of metadata.
 * Per scenario it counts what completed, what failed (by cause), what is stuck (not ended 120 s after the last
 * recovery), results stored twice, stored results never emitted, and duplicates on the topics.
 */
public final class FaultsBenchmark {

    private static final int QUESTIONS = 200;
    private static final int INSTANCES = 3;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration STUCK_AFTER = Duration.ofSeconds(120);
    private static final String BIG_ANSWER_MARKER = "big-answer";
    private static final int TWO_MB = 2_000_000;

    /** What a fault does once a quarter of the questions have ended; returns when it is over: the last recovery. */
    private interface Fault {
        Instant strike(FaultsBenchmark bench) throws Exception;
    }

    /** @param drainedSeconds from the last recovery until every question had ended and the outbox was empty */
    private record Outcome(String scenario, int completed, Map<String, Integer> failedByCause, int failedTransient,
            int stuck, long storedTwice, long notEmitted, long duplicatesOnTopics, double drainedSeconds, String note) {
    }

    private final DevStack stack;
    private final OpenAiDouble models;
    private final List<ServiceProcess> instances = new ArrayList<>();
    private final KafkaTopics kafka;
    private Connection database;

    private FaultsBenchmark(DevStack stack, OpenAiDouble models) throws SQLException {
        this.stack = stack;
        this.models = models;
        Map<String, String> config = stack.quarkusConfig();
        this.kafka = new KafkaTopics(config.get("kafka.bootstrap.servers"));
        this.database = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
    }

    /** Runs every scenario, or those whose letters are given ({@code ./ragfit bench faults d e}). */
    public static void main(String[] args) {
        // what the services logged outlives the throwaway stack
        System.setProperty("ragfit.devstack.logs-to", System.getProperty("ragfit.devstack.logs-to", "target/bench-logs"));
        Bench.run(() -> run(List.of(args)));
    }

    private static void run(List<String> only) throws Exception {
        try (OpenAiDouble models = OpenAiDouble.start(8).tokenProbabilities(Map.of("4", 0.6, "5", 0.4));
                DevStack stack = DevStack.startEphemeral(Path.of(".ragfit", "bench-stack"))) {
            models.latency(Duration.ofMillis(50)).answerWith(request -> request.toString().contains(BIG_ANSWER_MARKER)
                    ? "x".repeat(TWO_MB) : "Refunds arrive within five working days.");
            FaultsBenchmark bench = new FaultsBenchmark(stack, models);
            try {
                bench.prepare();
                Map<String, Fault> scenarios = new LinkedHashMap<>();
                scenarios.put("a-kill-one-instance-and-restart", FaultsBenchmark::killOneInstanceAndRestart);
                scenarios.put("b-kill-two-instances-for-good", FaultsBenchmark::killTwoInstances);
                scenarios.put("c-kill-elasticsearch-30s", b -> b.killBackend("elasticsearch", "Elasticsearch"));
                scenarios.put("d-kill-kafka-30s", b -> b.killBackend("kafka", "Kafka"));
                scenarios.put("e-kill-postgres-30s", b -> b.killBackend("postgres", "PostgreSQL"));
                scenarios.put("f-edit-a-variant-while-serving", FaultsBenchmark::editVariant);
                scenarios.put("g-one-answer-of-2-mb", b -> Instant.now());
                scenarios.put("h-batch-record-with-2-mb-of-metadata", b -> Instant.now());
                List<Outcome> outcomes = new ArrayList<>();
                scenarios.keySet().removeIf(name -> !only.isEmpty() && !only.contains(name.substring(0, 1)));
                for (Map.Entry<String, Fault> scenario : scenarios.entrySet()) {
                    Outcome outcome = bench.scenario(scenario.getKey(), scenario.getValue());
                    System.out.printf("%-38s completed %3d, failed %s (transient cause: %d), stuck %d, stored twice %d,"
                            + " never emitted %d, duplicates on topics %d; all ended and emitted %.0f s after the last"
                            + " recovery%s%n", outcome.scenario(), outcome.completed(), outcome.failedByCause(),
                            outcome.failedTransient(), outcome.stuck(), outcome.storedTwice(), outcome.notEmitted(),
                            outcome.duplicatesOnTopics(), outcome.drainedSeconds(),
                            outcome.note() == null ? "" : "; " + outcome.note());
                    outcomes.add(outcome);
                }
                System.out.println(new Figures()
                        .put("scenarios", outcomes.size())
                        .put("questions", outcomes.size() * QUESTIONS)
                        .put("failed_transient", outcomes.stream().mapToInt(Outcome::failedTransient).sum())
                        .put("stuck", outcomes.stream().mapToInt(Outcome::stuck).sum())
                        .put("stored_twice", outcomes.stream().mapToLong(Outcome::storedTwice).sum())
                        .put("not_emitted", outcomes.stream().mapToLong(Outcome::notEmitted).sum())
                        .put("duplicates_on_topics", outcomes.stream().mapToLong(Outcome::duplicatesOnTopics).sum())
                        .json());
            } finally {
                bench.instances.forEach(ServiceProcess::close);
                bench.database.close();
            }
        }
    }

    private void prepare() {
        System.out.printf("Starting %d instances of the service...%n", INSTANCES);
        ensureInstances();
        BenchHttp ragfit = http(0);
        for (String name : List.of("fault-a", "fault-b", "fault-judge")) {
            ragfit.post("/variants", Map.of("name", name, "role", "base", "endpoint", models.baseUrl().toString(),
                    "model", name + "-model", "maxConcurrentRequests", 32), 201);
        }
        ragfit.ingest("handbook", "jsonl", "generic-example.jsonl");
        kafka.ensureTopic("ragfit.answers");
        kafka.ensureTopic("ragfit.scores");
    }

    private void ensureInstances() {
        for (int i = 0; i < INSTANCES; i++) {
            if (i >= instances.size()) {
                instances.add(start());
            } else if (!instances.get(i).alive()) {
                instances.set(i, start());
            }
        }
    }

    private ServiceProcess start() {
        return ServiceProcess.start(stack, Path.of("target/quarkus-app/quarkus-run.jar"), List.of());
    }

    private BenchHttp http(int instance) {
        return new BenchHttp(instances.get(instance).url(), TestTokens.user(stack.oidcRealmUrl(), "demo"));
    }

    private Outcome scenario(String name, Fault fault) throws Exception {
        ensureInstances();
        String tag = name.substring(0, 1) + "-" + UUID.randomUUID().toString().substring(0, 6);
        String runId = http(0).post("/runs", Map.of("name", "faults-" + tag, "corpus", "handbook",
                "variants", List.of("fault-a", "fault-b"), "judgeVariant", "fault-judge", "judgeMode", "logprobs"), 201)
                .get("id").asText();
        submit(name, tag, runId);
        awaitEnded(runId, QUESTIONS / 4, Instant.now().plus(Duration.ofMinutes(5)));
        System.out.printf("%s: %d of %d questions ended; now %s%n", name, ended(runId), QUESTIONS, name.substring(2));
        Instant recovered = fault.strike(this);
        awaitEnded(runId, QUESTIONS, recovered.plus(STUCK_AFTER));
        return outcome(name, runId, recovered);
    }

    /** Half the questions produced to Kafka, half in one HTTP batch; scenarios g and h put their load in. */
    private void submit(String name, String tag, String runId) {
        Map<String, String> records = new LinkedHashMap<>();
        for (int i = 0; i < QUESTIONS / 2; i++) {
            String id = tag + "-k" + i;
            String text = name.startsWith("g") && i == 7 ? "Answer at length, " + BIG_ANSWER_MARKER + ": how long does a refund take?"
                    : "How long does a refund take to arrive, question " + i + "?";
            records.put(id, BenchHttp.JSON.createObjectNode().put("schemaVersion", 1).put("id", id).put("runId", runId)
                    .put("question", text).toString());
        }
        kafka.sendAll("ragfit.questions", records);
        ArrayNode batch = BenchHttp.JSON.createArrayNode();
        for (int i = 0; i < QUESTIONS / 2; i++) {
            ObjectNode question = batch.addObject().put("id", tag + "-b" + i)
                    .put("question", "What does the handbook say about refunds, question " + i + "?");
            question.putArray("references").add("Five working days.");
            if (name.startsWith("h") && i == 3) {
                question.putObject("metadata").put("padding", "m".repeat(TWO_MB));
            }
        }
        http(0).postAccepted("/batches?run=" + runId, batch.toString());
    }

    private static Instant killOneInstanceAndRestart(FaultsBenchmark bench) {
        bench.instances.get(1).kill();
        bench.instances.set(1, bench.start());
        return Instant.now();
    }

    private static Instant killTwoInstances(FaultsBenchmark bench) {
        bench.instances.get(1).kill();
        bench.instances.get(2).kill();
        return Instant.now();
    }

    private Instant killBackend(String backend, String check) {
        Instant killed = Instant.now();
        stack.kill(backend);
        Double noticed = null;
        while (Duration.between(killed, Instant.now()).compareTo(OUTAGE) < 0) {
            if (noticed == null && "DOWN".equals(readinessOf(check))) {
                noticed = Duration.between(killed, Instant.now()).toMillis() / 1000.0;
                System.out.printf("  readiness of instance 0 says %s DOWN %.1f s after the kill%n", check, noticed);
            }
            BenchHttp.pause(Duration.ofMillis(250));
        }
        stack.restart(backend);
        System.out.printf("  %s restarted after %d s%n", backend, Duration.between(killed, Instant.now()).toSeconds());
        return Instant.now();
    }

    private static Instant editVariant(FaultsBenchmark bench) {
        bench.http(2).put("/variants/fault-a", Map.of("role", "base", "endpoint", bench.models.baseUrl().toString(),
                "model", "fault-a-edited-model", "maxConcurrentRequests", 32));
        return Instant.now();
    }

    /** UP or DOWN, as instance 0's readiness says of one backend. */
    private String readinessOf(String check) {
        try {
            for (var node : http(0).getAnyStatus("/q/health/ready").path("checks")) {
                if (node.path("name").asText().equals(check)) {
                    return node.path("status").asText();
                }
            }
        } catch (RuntimeException unreachable) {
            // the instance itself did not answer: say nothing of the backend
        }
        return "unknown";
    }

    private void awaitEnded(String runId, int count, Instant deadline) throws SQLException {
        while (ended(runId) < count && Instant.now().isBefore(deadline)) {
            BenchHttp.pause(Duration.ofMillis(500));
        }
    }

    private int ended(String runId) throws SQLException {
        return (int) count("SELECT count(*) FROM question WHERE run_id = '" + runId
                + "' AND state IN ('COMPLETED', 'FAILED', 'CANCELLED')");
    }

    private Outcome outcome(String name, String runId, Instant recovered) throws Exception {
        int completed = (int) count("SELECT count(*) FROM question WHERE run_id = '" + runId + "' AND state = 'COMPLETED'");
        Map<String, Integer> failed = new TreeMap<>();
        // every fault of these scenarios is transient (the double never refuses, every question is valid), so
        // whatever failed, failed for a transient cause
        int failedTransient = 0;
        for (String reason : strings("SELECT error FROM question WHERE run_id = '" + runId + "' AND state = 'FAILED'")) {
            String cause = reason.length() > 60 ? reason.substring(0, 60) : reason;
            failed.merge(cause, 1, Integer::sum);
            failedTransient++;
        }
        // not ended 120 s after the last recovery: unfinished, or never stored at all (lost)
        long stored = count("SELECT count(*) FROM question WHERE run_id = '" + runId + "'");
        int stuck = (int) (QUESTIONS - stored + count("SELECT count(*) FROM question WHERE run_id = '" + runId
                + "' AND state IN ('PENDING', 'RUNNING')"));
        // the natural keys are primary keys, so this stays 0 unless the schema loses them; counted all the same
        long storedTwice = count("SELECT count(*) - count(DISTINCT (question_id, variant)) FROM answer WHERE run_id = '" + runId + "'")
                + count("SELECT count(*) - count(DISTINCT (question_id, variant, metric)) FROM score WHERE run_id = '" + runId + "'");
        // whatever the outbox still holds is on its way: wait for it, bounded
        Instant drained = Instant.now().plus(Duration.ofMinutes(2));
        while (count("SELECT count(*) FROM outbox") > 0 && Instant.now().isBefore(drained)) {
            BenchHttp.pause(Duration.ofMillis(500));
        }
        double drainedSeconds = Duration.between(recovered, Instant.now()).toMillis() / 1000.0;
        Set<String> storedKeys = new HashSet<>(strings("SELECT question_id || '/' || variant FROM answer WHERE run_id = '" + runId + "'"));
        Set<String> storedScores = new HashSet<>(strings("SELECT question_id || '/' || variant || '/' || metric FROM score"
                + " WHERE run_id = '" + runId + "'"));
        UUID run = UUID.fromString(runId);
        List<KafkaTopics.Read> answers = kafka.ofRun("ragfit.answers", run);
        List<KafkaTopics.Read> scores = kafka.ofRun("ragfit.scores", run);
        Set<String> emittedAnswers = keys(answers, read -> read.key() + "/" + read.json().getString("variant"));
        Set<String> emittedScores = keys(scores, read -> read.key() + "/" + read.json().getString("variant") + "/"
                + read.json().getString("metric"));
        long notEmitted = storedKeys.stream().filter(key -> !emittedAnswers.contains(key)).count()
                + storedScores.stream().filter(key -> !emittedScores.contains(key)).count();
        long duplicates = answers.size() - emittedAnswers.size() + scores.size() - emittedScores.size();
        return new Outcome(name, completed, failed, failedTransient, stuck, storedTwice, notEmitted, duplicates,
                drainedSeconds, note(name, runId, answers));
    }

    /** What a scenario checks beyond the counts. */
    private String note(String name, String runId, List<KafkaTopics.Read> answers) throws SQLException {
        if (name.startsWith("f")) {
            long edited = count("SELECT count(*) FROM answer WHERE run_id = '" + runId + "' AND model = 'fault-a-edited-model'");
            return "answers by the edited definition: " + edited + " (the run froze the one it was created with)";
        }
        if (name.startsWith("g")) {
            long stored = count("SELECT coalesce(max(length(text)), 0) FROM answer WHERE run_id = '" + runId + "'");
            String onTopic = answers.stream().filter(read -> read.json().getBoolean("truncated", false))
                    .map(read -> read.json().getString("text").length() + " characters, truncated: true")
                    .findFirst().orElse("none truncated");
            return "largest answer stored " + stored + " characters; on the topic " + onTopic;
        }
        if (name.startsWith("h")) {
            long metadata = count("SELECT coalesce(max(length(metadata::text)), 0) FROM question WHERE run_id = '" + runId + "'");
            return "largest metadata stored " + metadata + " characters";
        }
        return null;
    }

    private static Set<String> keys(List<KafkaTopics.Read> reads, Function<KafkaTopics.Read, String> key) {
        Set<String> keys = new HashSet<>();
        reads.forEach(read -> keys.add(key.apply(read)));
        return keys;
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = database.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException down) {
            // PostgreSQL is the fault of one scenario: ask again once it is back
            BenchHttp.pause(Duration.ofSeconds(1));
            try {
                reconnect();
            } catch (SQLException stillDown) {
                // next time
            }
            return count(sql);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = database.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private void reconnect() throws SQLException {
        if (database.isValid(1)) {
            return;
        }
        Map<String, String> config = stack.quarkusConfig();
        database = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
    }
}
