package io.ragfit.results.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ragfit.evaluation.QuestionCompleted;
import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.RunService;
import io.ragfit.evaluation.ScoreRecord;
import io.ragfit.generation.GeneratedAnswer;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;

/**
 * Prometheus metrics of live runs (shadow comparisons and the run named {@code live}), labelled by run name,
 * variant and metric only, never by question: each instance counts what it answered and scored, and exports the
 * gauges of every shadow comparison, recomputed from PostgreSQL every {@code ragfit.live.refresh-interval}
 * (every instance exports the same values: take max across instances).
 */
@ApplicationScoped
public class LiveMetrics {

    /** The Prometheus families this class exports, as the alert rules and the Grafana dashboard name them. */
    public static final List<String> NAMES = List.of("ragfit_live_questions_total", "ragfit_answer_latency_seconds",
            "ragfit_answer_tokens_total", "ragfit_answer_failures_total", "ragfit_score", "ragfit_live_decision",
            "ragfit_live_pairs", "ragfit_live_difference", "ragfit_live_difference_lower", "ragfit_live_difference_upper",
            "ragfit_live_drift_estimate", "ragfit_live_drift_lower", "ragfit_live_drift_upper", "ragfit_live_drift_threshold",
            "ragfit_live_drift_alert");

    private static final double[] SCORE_BUCKETS = { 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5 };
    private static final Duration[] LATENCY_BUCKETS = { Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60) };
    private static final Duration REFRESH_LIMIT = Duration.ofMinutes(2);
    private static final Map<String, String> GAUGES = new LinkedHashMap<>();

    static {
        GAUGES.put("ragfit.live.decision", "Candidate against production: 1 better, -1 worse, 0 undecided");
        GAUGES.put("ragfit.live.pairs", "Questions both answered and scored");
        GAUGES.put("ragfit.live.difference", "Mean difference candidate - production");
        GAUGES.put("ragfit.live.difference.lower", "Lower end of the confidence sequence of the difference");
        GAUGES.put("ragfit.live.difference.upper", "Upper end of the confidence sequence of the difference");
        GAUGES.put("ragfit.live.drift.estimate", "Mean over the latest window of questions");
        GAUGES.put("ragfit.live.drift.lower", "Lower end of the window's confidence sequence");
        GAUGES.put("ragfit.live.drift.upper", "Upper end of the window's confidence sequence");
        GAUGES.put("ragfit.live.drift.threshold", "Level under which the window raises an alert");
        GAUGES.put("ragfit.live.drift.alert", "1 when the window lies wholly below its threshold");
    }

    private final MeterRegistry registry;
    private final RunService runs;
    private final LiveService live;
    private final LiveConfig config;
    private final Vertx vertx;
    /** The gauges of the shadow comparisons, by name, each with a row per run, candidate or variant, and metric. */
    private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private long timer = -1;

    LiveMetrics(MeterRegistry registry, RunService runs, LiveService live, LiveConfig config, Vertx vertx) {
        this.registry = registry;
        this.runs = runs;
        this.live = live;
        this.config = config;
        this.vertx = vertx;
        GAUGES.forEach((name, description) -> gauges.put(name, MultiGauge.builder(name).description(description)
                .register(registry)));
    }

    void start(@Observes StartupEvent started) {
        timer = vertx.setPeriodic(config.refreshInterval().toMillis(), tick -> refresh());
    }

    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(timer);
    }

    /** Whether a live question was evaluated, or left out by the run's sampling. */
    public void sampled(Run run, boolean sampled) {
        Counter.builder("ragfit.live.questions").description("Live questions received, sampled for evaluation or not")
                .tags("run", run.name(), "sampled", String.valueOf(sampled)).register(registry).increment();
    }

    void completed(@Observes QuestionCompleted completed) {
        Run run = completed.run();
        if (run.shadow() == null && run.kind() != Run.Kind.LIVE) {
            return;
        }
        for (GeneratedAnswer answer : completed.answers()) {
            Tags tags = Tags.of("run", run.name(), "variant", answer.variant());
            if (answer.status() == GeneratedAnswer.Status.FAILED) {
                Counter.builder("ragfit.answer.failures").description("Answers that failed").tags(tags).register(registry)
                        .increment();
                continue;
            }
            Timer.builder("ragfit.answer.latency").description("Time to an answer, retries included").tags(tags)
                    .serviceLevelObjectives(LATENCY_BUCKETS).register(registry).record(Duration.ofMillis(answer.latencyMs()));
            tokens(tags, "prompt", answer.promptTokens());
            tokens(tags, "completion", answer.completionTokens());
        }
        for (ScoreRecord score : completed.scores()) {
            if (score.value != null) {
                DistributionSummary.builder("ragfit.score").description("Scores: G-Eval criteria 1-5, reference metrics 0-1")
                        .tags("run", run.name(), "variant", score.variant, "metric", score.metric)
                        .serviceLevelObjectives(SCORE_BUCKETS).register(registry).record(score.value);
            }
        }
    }

    private void tokens(Tags tags, String type, Integer count) {
        if (count != null) {
            Counter.builder("ragfit.answer.tokens").description("Tokens of answered requests").tags(tags.and("type", type))
                    .register(registry).increment(count);
        }
    }

    /**
     * Recomputes the gauges of every shadow comparison, one run after the other, then replaces every row at once
     * (rows of comparisons gone are dropped); one refresh at a time, bounded in time, a failed one tried at the
     * next tick with the gauges as they were.
     */
    void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        runs.list()
                .onItem().transformToMulti(all -> Multi.createFrom().iterable(all.stream().filter(run -> run.shadow() != null).toList()))
                .onItem().transformToUniAndConcatenate(live::state)
                .collect().asList()
                .ifNoItem().after(REFRESH_LIMIT).fail()
                .subscribe().with(states -> {
                    publish(states);
                    refreshing.set(false);
                }, failure -> {
                    refreshing.set(false);
                    Log.debugf("Live comparison gauges not refreshed: %s", failure.getMessage());
                });
    }

    /** The states as the gauges' rows, each gauge's rows replaced by these. */
    void publish(List<LiveState> states) {
        Map<String, List<MultiGauge.Row<?>>> rows = new HashMap<>();
        gauges.keySet().forEach(name -> rows.put(name, new ArrayList<>()));
        for (LiveState state : states) {
            for (LiveState.Comparison comparison : state.comparisons()) {
                Tags tags = Tags.of("run", state.run(), "candidate", comparison.candidate(), "metric", comparison.metric());
                int decision = switch (comparison.decision()) {
                    case BETTER -> 1;
                    case WORSE -> -1;
                    case UNDECIDED -> 0;
                };
                rows.get("ragfit.live.decision").add(MultiGauge.Row.of(tags, decision));
                rows.get("ragfit.live.pairs").add(MultiGauge.Row.of(tags, comparison.n()));
                rows.get("ragfit.live.difference").add(MultiGauge.Row.of(tags, comparison.estimate()));
                rows.get("ragfit.live.difference.lower").add(MultiGauge.Row.of(tags, comparison.lower()));
                rows.get("ragfit.live.difference.upper").add(MultiGauge.Row.of(tags, comparison.upper()));
            }
            for (LiveState.Drift drift : state.drift()) {
                Tags tags = Tags.of("run", state.run(), "variant", drift.variant(), "metric", drift.metric());
                rows.get("ragfit.live.drift.estimate").add(MultiGauge.Row.of(tags, drift.estimate()));
                rows.get("ragfit.live.drift.lower").add(MultiGauge.Row.of(tags, drift.lower()));
                rows.get("ragfit.live.drift.upper").add(MultiGauge.Row.of(tags, drift.upper()));
                if (drift.threshold() != null) {
                    rows.get("ragfit.live.drift.threshold").add(MultiGauge.Row.of(tags, drift.threshold()));
                }
                rows.get("ragfit.live.drift.alert").add(MultiGauge.Row.of(tags, drift.alert() ? 1 : 0));
            }
        }
        gauges.forEach((name, gauge) -> gauge.register(rows.get(name), true));
    }
}
