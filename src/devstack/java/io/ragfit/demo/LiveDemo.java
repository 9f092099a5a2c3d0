package io.ragfit.demo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ragfit.devstack.DevRealm;

/**
 * {@code ./ragfit demo live}'s client: streams the shipped NQ questions into {@code ragfit.questions} at a steady
 * rate, as live traffic, against a shadow run of two built-in readers (the extractive reader as production, the
 * same reader cut to 4 words as the candidate), and prints the comparison as it forms from
 * {@code GET /runs/{id}/live}. Built-in readers and reference metrics only: no model, no judge.
 */
public final class LiveDemo {

    private static final String CORPUS = "nq-sample";
    private static final String FILE = "nq-open-oracle-sample.jsonl";
    private static final String PRODUCTION = "builtin-reader";
    private static final String CANDIDATE = "builtin-terse";
    private static final List<String> SHOWN = List.of("answer_contained", "token_f1");
    private static final long REPORT_EVERY_MS = 5000;

    private final DemoService api;

    private LiveDemo(DemoService api) {
        this.api = api;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: LiveDemo SERVICE_URL OIDC_REALM_URL KAFKA_BOOTSTRAP DATASETS_DIR RATE QUESTIONS");
            System.exit(2);
        }
        double rate = Double.parseDouble(args[4]);
        int questions = Integer.parseInt(args[5]);
        if (!(rate > 0) || questions < 1) {
            System.err.println("the rate is a positive number of questions per second, and at least one question is sent");
            System.exit(2);
        }
        LiveDemo demo = new LiveDemo(new DemoService(URI.create(args[0]), DevRealm.userToken(args[1], "demo")));
        demo.api.ingest(CORPUS, "nq-open-oracle", FILE);
        String runId = demo.createRun();
        List<JsonNode> sample = demo.questions(Path.of(args[3]).resolve(FILE), questions);
        demo.stream(args[2], runId, sample, rate);
        JsonNode state = demo.awaitCompleted(runId, sample.size());
        System.out.println();
        printTable(state);
        System.out.printf("Live demo done. The dashboard shows it with its charts: %s%n", URI.create(args[0]).resolve("/dashboard"));
    }

    /** A shadow run of the two built-in readers on the NQ corpus, its candidate registered if missing. */
    private String createRun() throws Exception {
        if (api.send("GET", "/variants/" + CANDIDATE, null, null).statusCode() == 404) {
            DemoService.json(api.send("POST", "/variants", "application/json", DemoService.JSON.writeValueAsString(Map.of(
                    "name", CANDIDATE, "role", "base", "kind", "builtin-extractive", "parameters", Map.of("maxTokens", 4)))), 201);
        }
        String name = "live-demo-" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        JsonNode run = DemoService.json(api.send("POST", "/runs", "application/json", DemoService.JSON.writeValueAsString(Map.of(
                "name", name, "corpus", CORPUS, "variants", List.of(PRODUCTION, CANDIDATE),
                "shadow", Map.of("production", PRODUCTION, "window", 100, "thresholds", Map.of("answer_contained", 0.4))))), 201);
        DemoService.say("run %s: %s (production) against %s (the same reader cut to 4 words), every question sampled",
                name, PRODUCTION, CANDIDATE);
        return run.path("id").asText();
    }

    /** The first questions of the shipped NQ-open file, with their reference answers. */
    private List<JsonNode> questions(Path file, int limit) throws Exception {
        List<JsonNode> questions = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (questions.size() == limit) {
                break;
            }
            JsonNode record = DemoService.JSON.readTree(line);
            ObjectNode question = DemoService.JSON.createObjectNode().put("schemaVersion", 1)
                    .put("id", "nq-live-" + questions.size()).put("question", record.path("question").asText());
            question.set("references", record.path("answers"));
            question.putObject("metadata").put("source", "nq-open");
            questions.add(question);
        }
        return questions;
    }

    /** Sends the questions at the rate, each stamped with the run, reporting the comparison every few seconds. */
    private void stream(String bootstrap, String runId, List<JsonNode> questions, double rate) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        DemoService.say("streaming %d NQ questions into ragfit.questions at %.1f/s", questions.size(), rate);
        long started = System.nanoTime();
        long nextReport = System.currentTimeMillis() + REPORT_EVERY_MS;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < questions.size(); i++) {
                long due = started + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                ObjectNode question = ((ObjectNode) questions.get(i)).put("runId", runId);
                producer.send(new ProducerRecord<>("ragfit.questions", question.path("id").asText(), question.toString()));
                if (System.currentTimeMillis() >= nextReport) {
                    report(api.live(runId), i + 1);
                    nextReport += REPORT_EVERY_MS;
                }
            }
        }
    }

    /** Waits until every question sent has ended, completed or failed (a failed one never joins the pairs). */
    private JsonNode awaitCompleted(String runId, int sent) throws Exception {
        while (ended(runId) < sent) {
            report(api.live(runId), sent);
            Thread.sleep(REPORT_EVERY_MS);
        }
        return api.live(runId);
    }

    /** Questions of the run that ended, as the dashboard counts them. */
    private long ended(String runId) throws Exception {
        for (JsonNode run : DemoService.json(api.send("GET", "/dashboard/runs", null, null), 200)) {
            if (run.path("id").asText().equals(runId)) {
                return run.path("ended").asLong();
            }
        }
        throw new IllegalStateException("run " + runId + " is not on the dashboard");
    }

    private static void report(JsonNode state, int sent) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "sent %d, evaluated %d", sent,
                state.path("questions").asInt()));
        for (JsonNode comparison : state.path("comparisons")) {
            if (SHOWN.contains(comparison.path("metric").asText())) {
                line.append(String.format(Locale.ROOT, " | %s %+.3f [%+.3f, %+.3f] %s", comparison.path("metric").asText(),
                        comparison.path("estimate").asDouble(), comparison.path("lower").asDouble(),
                        comparison.path("upper").asDouble(), decision(comparison)));
            }
        }
        DemoService.say("%s", line);
    }

    private static String decision(JsonNode comparison) {
        String decision = comparison.path("decision").asText().toLowerCase(Locale.ROOT);
        return comparison.hasNonNull("decidedAfter") ? decision + " (after " + comparison.path("decidedAfter").asInt() + ")"
                : decision;
    }

    private static void printTable(JsonNode state) {
        System.out.printf(Locale.ROOT, "%s: %s - %s on %d live questions (confidence sequences at error level %.2f, valid"
                + " however often they are looked at)%n", state.path("run").asText(), CANDIDATE, PRODUCTION,
                state.path("questions").asInt(), state.path("alpha").asDouble());
        for (JsonNode label : state.path("labels")) {
            System.out.println("  note: " + label.asText());
        }
        System.out.printf("  %-20s %6s %9s %22s  %s%n", "metric", "pairs", "estimate", "confidence sequence", "decision");
        for (JsonNode comparison : state.path("comparisons")) {
            System.out.printf(Locale.ROOT, "  %-20s %6d %+9.3f %22s  %s%n", comparison.path("metric").asText(),
                    comparison.path("n").asInt(), comparison.path("estimate").asDouble(),
                    String.format(Locale.ROOT, "[%+.3f, %+.3f]", comparison.path("lower").asDouble(),
                            comparison.path("upper").asDouble()), decision(comparison));
        }
        System.out.printf("  rolling quality over the latest %d questions:%n", state.path("window").asInt());
        for (JsonNode drift : state.path("drift")) {
            if (SHOWN.contains(drift.path("metric").asText())) {
                System.out.printf(Locale.ROOT, "  %-20s %-16s %.3f [%.3f, %.3f]%s%n", drift.path("metric").asText(),
                        drift.path("variant").asText(), drift.path("estimate").asDouble(), drift.path("lower").asDouble(),
                        drift.path("upper").asDouble(), drift.path("alert").asBoolean()
                                ? "  ALERT: wholly below " + drift.path("threshold").asDouble() : "");
            }
        }
    }
}
