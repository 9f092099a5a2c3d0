package io.ragfit.results.live;

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
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads a run's latest completed questions with their scores, in the order they ended. */
@ApplicationScoped
class LiveQueries {

    /** The questions, and each metric's kind (G-Eval criteria first, then reference metrics, by name). */
    record Completed(List<Question> questions, Map<String, String> kinds) {
    }

    private final Database database;

    LiveQueries(Database database) {
        this.database = database;
    }

    Uni<Completed> completed(UUID runId, int limit) {
        return database.query("WITH latest AS (SELECT id, completed_at FROM question WHERE run_id = $1"
                + " AND state = 'COMPLETED' ORDER BY completed_at DESC, id DESC LIMIT $2)"
                + " SELECT l.id, l.completed_at, s.variant, s.metric, s.kind, s.value FROM latest l"
                + " JOIN score s ON s.run_id = $1 AND s.question_id = l.id AND s.value IS NOT NULL"
                + " ORDER BY l.completed_at, l.id", Tuple.of(runId, limit))
                .map(rows -> {
                    List<Question> questions = new ArrayList<>();
                    Map<String, String> kinds = new TreeMap<>();
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
                    Map<String, String> ordered = new LinkedHashMap<>();
                    kinds.forEach((metric, kind) -> {
                        if (kind.equals("GEVAL")) {
                            ordered.put(metric, kind);
                        }
                    });
                    ordered.putAll(kinds);
                    return new Completed(questions, ordered);
                });
    }
}
