package io.ragfit.judge;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.corpus.StableIds;
import io.ragfit.generation.ChatEndpoint;
import io.ragfit.openai.ChatRequest;
import io.ragfit.openai.ChatResponse;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.store.Database;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * G-Eval's automatic chain of thought: the judge writes the evaluation steps of a criterion once; they are
 * stored with a version and reused by every judgement, on every instance. Two instances writing the first
 * steps at once keep the ones stored first. Steps given in configuration are used as they are.
 */
@ApplicationScoped
public class EvaluationSteps {

    /** @param version {@code config-...} or {@code generated-...} followed by a hash of the steps */
    public record Steps(String text, String version) {
    }

    private final Database database;
    private final JudgeConfig config;
    /** Steps known or being read or written, by criterion, judge model and criterion: one lookup at a time for each. */
    private final Map<String, CompletableFuture<Steps>> known = new ConcurrentHashMap<>();

    EvaluationSteps(Database database, JudgeConfig config) {
        this.database = database;
        this.config = config;
    }

    public Uni<Steps> of(Criterion criterion, ChatEndpoint judge) {
        if (criterion.steps() != null) {
            return Uni.createFrom().item(new Steps(criterion.steps(), "config-" + StableIds.sha256(criterion.steps()).substring(0, 12)));
        }
        String criterionHash = StableIds.sha256(criterion.describe());
        String model = judge.variant().model();
        // concurrent judgements of a new criterion wait for one set of steps instead of each writing their own; the
        // lookup runs to its end whoever stops waiting for it, and is forgotten if it fails (an outage, say)
        String key = criterion.key() + "|" + model + "|" + criterionHash;
        CompletableFuture<Steps> steps = known.computeIfAbsent(key, ignored -> stored(criterion, model, criterionHash)
                .chain(found -> found != null ? Uni.createFrom().item(found)
                        : write(criterion, judge, criterionHash).chain(() -> stored(criterion, model, criterionHash)))
                .subscribeAsCompletionStage());
        steps.whenComplete((found, failure) -> {
            if (failure != null) {
                known.remove(key, steps);
            }
        });
        // a copy: a caller that stops waiting cancels its own, never the lookup others wait for
        return Uni.createFrom().completionStage(steps.copy());
    }

    private Uni<Steps> stored(Criterion criterion, String model, String criterionHash) {
        return database.query("SELECT steps, version FROM evaluation_steps"
                + " WHERE criterion = $1 AND judge_model = $2 AND criterion_hash = $3",
                Tuple.of(criterion.key(), model, criterionHash))
                .map(rows -> rows.size() == 0 ? null
                        : new Steps(rows.iterator().next().getString("steps"), rows.iterator().next().getString("version")));
    }

    /** Has the judge write the steps and stores them, unless another instance stored some first. */
    private Uni<Void> write(Criterion criterion, ChatEndpoint judge, String criterionHash) {
        ChatRequest request = new ChatRequest(judge.variant().model(), JudgePrompts.steps(criterion), 0.0,
                config.stepsMaxTokens(), judge.variant().parameters().seed(), null, null, null);
        AtomicInteger attempts = new AtomicInteger();
        return judge.complete(request, attempts)
                .onFailure(failure -> !(failure instanceof EndpointUnavailableException))
                .transform(failure -> new IllegalStateException("the judge could not write the evaluation"
                        + " steps of " + criterion.name() + ": " + judge.describe(failure, attempts.get()), failure))
                .map(response -> {
                    String text = text(response);
                    if (text.isBlank()) {
                        throw new IllegalStateException("the judge wrote no evaluation steps for " + criterion.name());
                    }
                    return new Steps(text.strip(), "generated-" + StableIds.sha256(text.strip()).substring(0, 12));
                })
                .chain(steps -> database.query("INSERT INTO evaluation_steps (criterion, judge_model, criterion_hash, steps,"
                        + " version, created_at) VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING",
                        Tuple.of(criterion.key(), judge.variant().model(), criterionHash, steps.text(), steps.version())))
                .replaceWithVoid();
    }

    private static String text(ChatResponse response) {
        return response.choices() == null || response.choices().isEmpty() || response.choices().getFirst().message() == null
                ? "" : String.valueOf(response.choices().getFirst().message().content());
    }
}
