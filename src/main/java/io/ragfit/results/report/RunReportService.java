package io.ragfit.results.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.evaluation.RunService;
import io.ragfit.evaluation.RunView;
import io.ragfit.generation.VariantView;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** A run's report, computed from what is stored now: statistics off the event loop. */
@ApplicationScoped
public class RunReportService {

    /** The report and what its charts are drawn from. */
    public record Computed(RunReport report, List<ReportData.Score> scores) {

        public List<Charts.Chart> charts() {
            return Charts.of(report, scores);
        }
    }

    private final RunService runs;
    private final ReportQueries queries;
    private final ReportConfig config;

    RunReportService(RunService runs, ReportQueries queries, ReportConfig config) {
        this.runs = runs;
        this.queries = queries;
        this.config = config;
    }

    public Uni<Computed> of(String runIdOrName) {
        return runs.find(runIdOrName).chain(run -> queries.of(run.id())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(results -> {
                    // what answered is what the run froze, whatever the registry says now
                    RunView view = RunView.of(run);
                    Map<String, VariantView> byName = view.definitions().stream()
                            .collect(Collectors.toMap(VariantView::name, Function.identity()));
                    ReportData data = new ReportData(view, byName, results.experiment(), results.states(),
                            results.scores(), results.samples(), results.modePairs(), results.promptHashes(),
                            results.judges(), Instant.now());
                    return new Computed(ReportBuilder.build(data, config.bootstrapResamples(), config.seed()), results.scores());
                }));
    }
}
