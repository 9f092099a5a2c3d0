package io.ragfit.results.live;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.evaluation.Run;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** The live state of shadow runs, computed from what PostgreSQL holds: every instance gives the same answer. */
@ApplicationScoped
public class LiveService {

    private final LiveQueries queries;
    private final LiveConfig config;

    LiveService(LiveQueries queries, LiveConfig config) {
        this.queries = queries;
        this.config = config;
    }

    /** The run's comparison and drift now; refused (409) when the run is no shadow comparison. */
    public Uni<LiveState> state(Run run) {
        run.requireShadow();
        return queries.completed(run.id(), config.maxQuestions())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(completed -> LiveComparison.compute(run, completed.questions(), completed.kinds(), Instant.now()));
    }
}
