package io.ragfit.results.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.results.live.LiveComparison.Question;
import io.ragfit.store.Database;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads a run's completed questions with their scores, in the order they ended. */
@ApplicationScoped
class LiveQueries {

    /** How many questions of a run completed, and when the last did: what a computed state is valid for. */
    record Progress(long completed, Instant lastCompleted) {
    }

    private final Database database;

    LiveQueries(Database database) {
        this.database = database;
    }

    Uni<Progress> progress(UUID runId) {
        return database.query("SELECT count(*) AS completed, max(completed_at) AS last FROM question WHERE run_id = $1"
                + " AND state = 'COMPLETED'", Tuple.of(runId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Progress(row.getLong("completed"),
                            row.getOffsetDateTime("last") == null ? null : row.getOffsetDateTime("last").toInstant());
                });
    }

    /** The run's first {@code first} and latest {@code latest} completed questions, read apart from the event loop. */
    Uni<LiveComparison.Completed> completed(UUID runId, long completed, int first, int latest) {
        return Uni.combine().all().unis(scores(runId, "ASC", first), scores(runId, "DESC", latest)).asTuple()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(both -> {
                    Map<String, String> kinds = new TreeMap<>();
                    List<Question> firstQuestions = questions(both.getItem1(), kinds);
                    List<Question> latestQuestions = questions(both.getItem2(), kinds);
                    Map<String, String> ordered = new LinkedHashMap<>();
                    kinds.forEach((metric, kind) -> {
                        if (kind.equals("GEVAL")) {
                            ordered.put(metric, kind);
                        }
                    });
                    ordered.putAll(kinds);
                    return new LiveComparison.Completed(firstQuestions, latestQuestions, completed, ordered);
                });
    }

    /** Scores of the first ({@code ASC}) or latest ({@code DESC}) completed questions, in the order they ended. */
    private Uni<RowSet<Row>> scores(UUID runId, String end, int limit) {
        return database.query("WITH chosen AS (SELECT id, completed_at FROM question WHERE run_id = $1"
                + " AND state = 'COMPLETED' ORDER BY completed_at " + end + ", id " + end + " LIMIT $2)"
                + " SELECT c.id, c.completed_at, s.variant, s.metric, s.kind, s.value FROM chosen c"
                + " JOIN score s ON s.run_id = $1 AND s.question_id = c.id AND s.value IS NOT NULL"
                + " ORDER BY c.completed_at, c.id", Tuple.of(runId, limit));
    }

    private static List<Question> questions(RowSet<Row> rows, Map<String, String> kinds) {
        List<Question> questions = new ArrayList<>();
        Question current = null;
        for (Row row : rows) {
            String id = row.getString("id");
            if (current == null || !current.id().equals(id)) {
                current = new Question(id, row.getOffsetDateTime("completed_at").toInstant(), new LinkedHashMap<>());
                questions.add(current);
            }
            current.scores().computeIfAbsent(row.getString("variant"), variant -> new LinkedHashMap<>())
                    .put(row.getString("metric"), row.getDouble("value"));
            kinds.put(row.getString("metric"), row.getString("kind"));
        }
        return questions;
    }
}
