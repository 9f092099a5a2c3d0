package io.ragfit.demo;

import io.ragfit.devstack.DevRealm;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ./ragfit demo}'s client: ingests the bundled samples, creates the experiments defined in
 * {@code experiments/*.yaml}, runs them through the service and prints their result tables. It only talks
 * to the service's HTTP API, as any user's client would.
 */
public final class DemoRun {

    /** The corpus each demo experiment splits, and the shipped file it is ingested from. */
    private record Dataset(String corpus, String format, String file) {
    }

    private static final List<Dataset> DATASETS = List.of(
            new Dataset("nq-sample", "nq-open-oracle", "nq-open-oracle-sample.jsonl"),
            new Dataset("qasper-sample", "qasper-hf", "qasper-hf-layout-sample.jsonl"));
    private static final List<String> METRICS = List.of("answer_contained", "token_f1", "rouge_l", "semantic_similarity",
            "accuracy", "completeness");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoService api;
    private final URI service;

    private DemoRun(URI service, String token) {
        this.api = new DemoService(service, token);
        this.service = service;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DemoRun SERVICE_URL EXPERIMENTS_DIR REPORTS_DIR OIDC_REALM_URL");
            System.exit(2);
        }
        // the demo user of the local stack's realm: the demo signs in like any client
        DemoRun demo = new DemoRun(URI.create(args[0]), DevRealm.userToken(args[3], "demo"));
        long started = System.nanoTime();
        for (Dataset dataset : DATASETS) {
            demo.api.ingest(dataset.corpus(), dataset.format(), dataset.file());
        }
        List<Outcome> outcomes = new ArrayList<>();
        try (var files = Files.list(Path.of(args[1]))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                outcomes.add(demo.run(file, Path.of(args[2])));
            }
        }
        System.out.println();
        outcomes.forEach(DemoRun::print);
        System.out.printf("Demo done in %.0f s. Reports:%n", (System.nanoTime() - started) / 1e9);
        outcomes.forEach(outcome -> System.out.println("  " + outcome.report().toAbsolutePath()));
    }

    /** An experiment's summary, its run's report (statistics) and where the HTML report was written. */
    private record Outcome(JsonNode summary, JsonNode statistics, Path report) {
    }

    /** Creates the experiment (or finds it from an earlier demo), runs or resumes it, writes its report. */
    private Outcome run(Path definition, Path reports) throws Exception {
        String yaml = Files.readString(definition);
        HttpResponse<String> created = api.send("POST", "/experiments", "application/yaml", yaml);
        JsonNode experiment;
        if (created.statusCode() == 409) {
            String name = JSON.readTree(created.body()).path("error").asText().replaceAll(".*named '([^']+)'.*", "$1");
            experiment = DemoService.json(api.send("GET", "/experiments/" + name, null, null), 200);
            DemoService.say("experiment %s: defined by an earlier demo", name);
        } else {
            experiment = DemoService.json(created, 201);
        }
        String id = experiment.path("id").asText();
        DemoService.say("experiment %s: train splits %s, %d questions evaluated, leakage %s", experiment.path("name").asText(),
                experiment.path("trainSizes"), experiment.path("evaluationSize").asInt(),
                experiment.path("leakage").path("clean").asBoolean() ? "none" : experiment.path("leakage").path("leakCount") + " questions");
        if (!experiment.path("status").asText().equals("COMPLETED")) {
            DemoService.json(api.send("POST", "/experiments/" + id + "/run", null, null), 202);
        }
        String last = "";
        while (true) {
            experiment = DemoService.json(api.send("GET", "/experiments/" + id, null, null), 200);
            String status = experiment.path("status").asText();
            JsonNode progress = experiment.path("progress");
            String line = progress.isMissingNode() ? status + (experiment.hasNonNull("detail") ? ": " + experiment.path("detail").asText() : "")
                    : String.format(Locale.ROOT, "%s: %d of %d questions done (%d variants each), %.1f questions/s%s", status,
                            progress.path("counts").path("completed").asLong() + progress.path("counts").path("failed").asLong(),
                            progress.path("total").asLong(), experiment.path("variants").size(),
                            progress.path("questionsPerSecond").asDouble(),
                            progress.hasNonNull("etaSeconds") ? ", about " + progress.path("etaSeconds").asLong() + " s left" : "");
            if (!line.equals(last)) {
                DemoService.say("experiment %s: %s", experiment.path("name").asText(), line);
                last = line;
            }
            if (status.equals("COMPLETED")) {
                break;
            }
            if (status.equals("FAILED") || status.equals("STOPPED")) {
                throw new IllegalStateException("experiment " + experiment.path("name").asText() + " " + status + ": "
                        + experiment.path("detail").asText());
            }
            Thread.sleep(DemoService.POLL.toMillis());
        }
        String runId = experiment.path("runId").asText();
        Files.createDirectories(reports);
        Path report = reports.resolve(experiment.path("name").asText() + ".html");
        HttpResponse<String> html = api.send("GET", "/runs/" + runId + "/report", null, null);
        if (html.statusCode() != 200) {
            throw new IllegalStateException("the report of run " + runId + " answered " + html.statusCode() + ": " + html.body());
        }
        // the page's links to its JSON and CSV exports are relative: make them point at the service
        Files.writeString(report, html.body().replace("href=\"report/", "href=\"" + service.resolve("/runs/" + runId + "/report/")));
        return new Outcome(DemoService.json(api.send("GET", "/experiments/" + id + "/summary", null, null), 200),
                DemoService.json(api.send("GET", "/runs/" + runId + "/report/json", null, null), 200), report);
    }

    private static void print(Outcome outcome) {
        print(outcome.summary());
        printComparisons(outcome.statistics());
        System.out.println();
    }

    /** Each tuned variant against the base: mean difference with its 95% interval, Holm-corrected p, wins/ties/losses. */
    private static void printComparisons(JsonNode report) {
        List<String> shown = new ArrayList<>();
        for (String metric : List.of("accuracy", "completeness", "answer_contained", "token_f1")) {
            for (JsonNode row : report.path("comparisons")) {
                if (row.path("metric").asText().equals(metric) && !shown.contains(metric)) {
                    shown.add(metric);
                }
            }
        }
        if (shown.isEmpty()) {
            return;
        }
        System.out.println("  against the base (tuned - base; 95% bootstrap CI; Wilcoxon signed-rank p, Holm-corrected; wins/ties/losses):");
        for (String metric : shown) {
            for (JsonNode row : report.path("comparisons")) {
                if (row.path("metric").asText().equals(metric)) {
                    System.out.printf(Locale.ROOT, "  %-28s %-17s %+7.3f [%+.3f, %+.3f]  p %-7s %3d/%d/%d%n",
                            row.path("variant").asText(), metric, row.path("meanDelta").asDouble(), row.path("ciLow").asDouble(),
                            row.path("ciHigh").asDouble(), pValue(row.path("pHolm").asDouble()), row.path("wins").asInt(),
                            row.path("ties").asInt(), row.path("losses").asInt());
                }
            }
        }
    }

    private static String pValue(double p) {
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    private static void print(JsonNode summary) {
        System.out.printf("%s (corpus %s, %d questions evaluated)%n", summary.path("experiment").asText(),
                summary.path("corpus").asText(), summary.path("evaluationSize").asInt());
        StringBuilder header = new StringBuilder(String.format("  %-28s %-15s %6s %9s", "variant", "role", "train", "answered"));
        List<String> shown = METRICS.stream().filter(metric -> hasMetric(summary, metric)).toList();
        shown.forEach(metric -> header.append(String.format(" %19s", metric)));
        System.out.println(header);
        boolean partial = false;
        for (JsonNode row : summary.path("rows")) {
            long answered = row.path("answered").asLong();
            StringBuilder line = new StringBuilder(String.format("  %-28s %-15s %6s %9d", row.path("variant").asText(),
                    row.path("role").asText(), row.hasNonNull("trainSize") ? row.path("trainSize").asText() : "-",
                    answered));
            for (String metric : shown) {
                JsonNode value = row.path("metrics").path(metric);
                long scored = value.path("n").asLong();
                partial |= !value.isMissingNode() && scored < answered;
                line.append(value.isMissingNode() ? String.format(" %19s", "-")
                        : scored < answered ? String.format(Locale.ROOT, " %19s",
                                String.format(Locale.ROOT, "%.3f (%d)", value.path("mean").asDouble(), scored))
                        : String.format(Locale.ROOT, " %19.3f", value.path("mean").asDouble()));
            }
            System.out.println(line);
        }
        if (partial) {
            System.out.println("  (n): the mean of the n answers the metric applies to (answer_contained: those with an exact"
                    + " reference); not applicable to the others, which count neither as 0 nor as 1");
        }
        if (summary.hasNonNull("note")) {
            System.out.println("  note: " + summary.path("note").asText());
        }
    }

    private static boolean hasMetric(JsonNode summary, String metric) {
        for (JsonNode row : summary.path("rows")) {
            if (row.path("metrics").has(metric)) {
                return true;
            }
        }
        return false;
    }
}
