package io.ragfit.results.live;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.ShadowSpec;
import io.ragfit.judge.Criteria;
import io.ragfit.judge.Criterion;
import io.ragfit.judge.UnknownCriterionException;
import io.smallrye.mutiny.Uni;

/**
 * The live state of shadow runs, computed from what PostgreSQL holds: every instance gives the same answer. A
 * state is kept until the run completes another question (or is redefined), so looking again costs one count;
 * looks at a run while its state is being computed share that computation, so an instance computes at most one
 * state per run at a time however many clients look.
 */
@ApplicationScoped
public class LiveService {

    private record Computed(Run run, LiveQueries.Progress progress, LiveState state) {
    }

    private final LiveQueries queries;
    private final LiveConfig config;
    private final Criteria criteria;
    private final Map<UUID, Computed> computed = new ConcurrentHashMap<>();
    private final Map<UUID, Uni<LiveState>> computing = new ConcurrentHashMap<>();

    LiveService(LiveQueries queries, LiveConfig config, Criteria criteria) {
        this.queries = queries;
        this.config = config;
        this.criteria = criteria;
    }

    /** The run's comparison and drift now; refused (409) when the run is no shadow comparison. */
    public Uni<LiveState> state(Run run) {
        ShadowSpec shadow = run.requireShadow();
        return queries.progress(run.id()).chain(progress -> {
            Computed known = computed.get(run.id());
            if (known != null && known.run().equals(run) && known.progress().equals(progress)) {
                return Uni.createFrom().item(known.state());
            }
            return computing.computeIfAbsent(run.id(), id -> queries
                    .completed(id, progress.completed(), config.maxQuestions(), shadow.window())
                    .map(completed -> LiveComparison.compute(run, completed, scales(run), Instant.now()))
                    .invoke(state -> computed.put(id, new Computed(run, progress, state)))
                    .onTermination().invoke(() -> computing.remove(id))
                    .memoize().indefinitely());
        });
    }

    private Map<String, ShadowSpec.Scale> scales(Run run) {
        List<Criterion> judged;
        try {
            judged = run.judge() == null ? List.of() : criteria.require(run.criteria());
        } catch (UnknownCriterionException removed) {
            // a criterion dropped from the configuration since: its scores keep G-Eval's 1 to 5
            judged = List.of();
        }
        return ShadowSpec.scales(judged);
    }
}
