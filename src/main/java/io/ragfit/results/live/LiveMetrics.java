package io.ragfit.results.live;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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

    private final MeterRegistry registry;
    private final RunService runs;
    private final LiveService live;
    private final LiveConfig config;
    private final Vertx vertx;
    /** Each gauge and its current value, held here: Micrometer keeps only a weak reference to the value. */
    private final Map<String, Held> gauges = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private long timer = -1;

    LiveMetrics(MeterRegistry registry, RunService runs, LiveService live, LiveConfig config, Vertx vertx) {
        this.registry = registry;
        this.runs = runs;
        this.live = live;
        this.config = config;
        this.vertx = vertx;
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

    private record Held(Gauge gauge, double[] value) {
    }

    /**
     * Recomputes the gauges of every shadow comparison, one run after the other, and drops the gauges no
     * comparison has any more; one refresh at a time, bounded in time, a failed one tried at the next tick.
     */
    void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        Set<String> exported = ConcurrentHashMap.newKeySet();
        runs.list()
                .onItem().transformToMulti(all -> Multi.createFrom().iterable(all.stream().filter(run -> run.shadow() != null).toList()))
                .onItem().transformToUniAndConcatenate(live::state)
                .onItem().invoke(state -> exported.addAll(export(state)))
                .collect().last()
                .ifNoItem().after(REFRESH_LIMIT).fail()
                .subscribe().with(last -> {
                    gauges.keySet().removeIf(key -> {
                        if (exported.contains(key)) {
                            return false;
                        }
                        registry.remove(gauges.get(key).gauge());
                        return true;
                    });
                    refreshing.set(false);
                }, failure -> {
                    refreshing.set(false);
                    Log.debugf("Live comparison gauges not refreshed: %s", failure.getMessage());
                });
    }

    /** Sets the gauges of one run's state; gives the keys of those it set. */
    Set<String> export(LiveState state) {
        Set<String> keys = new HashSet<>();
        for (LiveState.Comparison comparison : state.comparisons()) {
            Tags tags = Tags.of("run", state.run(), "candidate", comparison.candidate(), "metric", comparison.metric());
            keys.add(gauge("ragfit.live.decision", "Candidate against production: 1 better, -1 worse, 0 undecided", tags,
                    comparison.decision() == LiveState.Decision.BETTER ? 1 : comparison.decision() == LiveState.Decision.WORSE ? -1 : 0));
            keys.add(gauge("ragfit.live.pairs", "Questions both answered and scored", tags, comparison.n()));
            keys.add(gauge("ragfit.live.difference", "Mean difference candidate - production", tags, comparison.estimate()));
            keys.add(gauge("ragfit.live.difference.lower", "Lower end of the confidence sequence of the difference", tags,
                    comparison.lower()));
            keys.add(gauge("ragfit.live.difference.upper", "Upper end of the confidence sequence of the difference", tags,
                    comparison.upper()));
        }
        for (LiveState.Drift drift : state.drift()) {
            Tags tags = Tags.of("run", state.run(), "variant", drift.variant(), "metric", drift.metric());
            keys.add(gauge("ragfit.live.drift.estimate", "Mean over the latest window of questions", tags, drift.estimate()));
            keys.add(gauge("ragfit.live.drift.lower", "Lower end of the window's confidence sequence", tags, drift.lower()));
            keys.add(gauge("ragfit.live.drift.upper", "Upper end of the window's confidence sequence", tags, drift.upper()));
            if (drift.threshold() != null) {
                keys.add(gauge("ragfit.live.drift.threshold", "Level under which the window raises an alert", tags, drift.threshold()));
            }
            keys.add(gauge("ragfit.live.drift.alert", "1 when the window lies wholly below its threshold", tags, drift.alert() ? 1 : 0));
        }
        return keys;
    }

    /** Sets a gauge, registering it the first time; gives its key. */
    private String gauge(String name, String description, Tags tags, double value) {
        String key = name + tags;
        Held held = gauges.computeIfAbsent(key, created -> {
            double[] holder = { Double.NaN };
            return new Held(Gauge.builder(name, holder, current -> current[0]).description(description).tags(tags)
                    .register(registry), holder);
        });
        held.value()[0] = value;
        return key;
    }
}
