package io.ragfit.judge;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.corpus.StableIds;
import io.ragfit.generation.ChatEndpoint;
import io.ragfit.openai.ChatRequest;
import io.ragfit.openai.ChatResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * G-Eval's automatic chain of thought: the judge writes the evaluation steps of a criterion once; they
 * are stored with a version and reused by every judgement. Steps given in configuration are used as they are.
 */
@ApplicationScoped
public class EvaluationSteps {

    /** @param version {@code config-...} or {@code generated-...} followed by a hash of the steps */
    public record Steps(String text, String version) {
    }

    private final Pool pool;
    private final JudgeConfig config;
    private final Map<String, Uni<Steps>> known = new ConcurrentHashMap<>();

    EvaluationSteps(Pool pool, JudgeConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public Uni<Steps> of(Criterion criterion, ChatEndpoint judge) {
        if (criterion.steps() != null) {
            return Uni.createFrom().item(new Steps(criterion.steps(), "config-" + StableIds.sha256(criterion.steps()).substring(0, 12)));
        }
        String criterionHash = StableIds.sha256(criterion.describe());
        String model = judge.variant().model();
        // concurrent judgements of a new criterion wait for one set of steps instead of each writing their own
        return known.computeIfAbsent(criterion.key() + "|" + model + "|" + criterionHash,
                key -> stored(criterion, model, criterionHash)
                        .chain(found -> found != null ? Uni.createFrom().item(found) : write(criterion, judge, criterionHash))
                        .onFailure().invoke(() -> known.remove(key))
                        .memoize().indefinitely());
    }

    private Uni<Steps> stored(Criterion criterion, String model, String criterionHash) {
        return pool.preparedQuery("SELECT steps, version FROM evaluation_steps"
                + " WHERE criterion = $1 AND judge_model = $2 AND criterion_hash = $3")
                .execute(Tuple.of(criterion.key(), model, criterionHash))
                .map(rows -> rows.size() == 0 ? null
                        : new Steps(rows.iterator().next().getString("steps"), rows.iterator().next().getString("version")));
    }

    private Uni<Steps> write(Criterion criterion, ChatEndpoint judge, String criterionHash) {
        ChatRequest request = new ChatRequest(judge.variant().model(), JudgePrompts.steps(criterion), 0.0,
                config.stepsMaxTokens(), judge.variant().parameters().seed(), null, null, null);
        AtomicInteger attempts = new AtomicInteger();
        return judge.complete(request, attempts)
                .onFailure().transform(failure -> new IllegalStateException("the judge could not write the evaluation"
                        + " steps of " + criterion.name() + ": " + judge.describe(failure, attempts.get()), failure))
                .map(response -> {
                    String text = text(response);
                    if (text.isBlank()) {
                        throw new IllegalStateException("the judge wrote no evaluation steps for " + criterion.name());
                    }
                    return new Steps(text.strip(), "generated-" + StableIds.sha256(text.strip()).substring(0, 12));
                })
                .call(steps -> pool.preparedQuery("INSERT INTO evaluation_steps (criterion, judge_model, criterion_hash, steps,"
                        + " version, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                        .execute(Tuple.tuple(java.util.List.of(criterion.key(), judge.variant().model(), criterionHash,
                                steps.text(), steps.version(), OffsetDateTime.now()))));
    }

    private static String text(ChatResponse response) {
        return response.choices() == null || response.choices().isEmpty() || response.choices().getFirst().message() == null
                ? "" : String.valueOf(response.choices().getFirst().message().content());
    }
}
