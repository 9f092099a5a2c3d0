package io.ragfit.pipeline;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.results.ResultQueries;
import io.smallrye.mutiny.Uni;

/** A run's questions as the pipeline left them. */
@ApplicationScoped
public class RunResults {

    private final ResultQueries queries;

    RunResults(ResultQueries queries) {
        this.queries = queries;
    }

    /** Null when the run has no such question: not received yet, or never sent. */
    public Uni<QuestionResult> question(UUID runId, String questionId) {
        return queries.question(runId, questionId).map(found -> found == null ? null : QuestionResult.of(found));
    }

    public Uni<List<QuestionResult>> page(UUID runId, int offset, int limit) {
        return queries.page(runId, null, offset, limit).map(page -> page.stream().map(QuestionResult::of).toList());
    }
}
