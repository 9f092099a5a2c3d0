package io.ragfit.results;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.evaluation.QuestionQueue;
import io.ragfit.evaluation.QuestionRecord;
import io.ragfit.evaluation.QuestionRecord.State;
import io.ragfit.evaluation.ResultStore;
import io.ragfit.evaluation.ScoreRecord;
import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.store.Database;
import io.ragfit.store.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads results back: progress of a batch, questions with their answers and scores, counts per run. */
@ApplicationScoped
public class ResultQueries {

    /** How many questions are in each state, and when the last of them ended. */
    public record StateCounts(Map<State, Long> counts, Instant lastEnded) {

        public long count(State state) {
            return counts.getOrDefault(state, 0L);
        }

        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        public long ended() {
            return counts.entrySet().stream().filter(entry -> entry.getKey().terminal()).mapToLong(Map.Entry::getValue).sum();
        }
    }

    /** A question with what it has so far. */
    public record QuestionResults(QuestionRecord question, List<GeneratedAnswer> answers, List<ScoreRecord> scores) {
    }

    /** Answers of one variant with one status. */
    public record AnswerCount(String variant, GeneratedAnswer.Status status, long count) {
    }

    /** Per variant and metric: how many scores have a value, and their mean. */
    public record MetricMean(String variant, String metric, ScoreRecord.Kind kind, long n, Double mean) {
    }

    private final Database database;

    ResultQueries(Database database) {
        this.database = database;
    }

    public Uni<StateCounts> countsOfBatch(UUID batchId) {
        return database.query("SELECT state, count(*) AS questions, max(completed_at) AS last_ended FROM question"
                + " WHERE batch_id = $1 GROUP BY state", Tuple.of(batchId))
                .map(rows -> {
                    Map<State, Long> counts = new EnumMap<>(State.class);
                    Instant lastEnded = null;
                    for (Row row : rows) {
                        State state = State.valueOf(row.getString("state"));
                        counts.put(state, row.getLong("questions"));
                        OffsetDateTime ended = row.getOffsetDateTime("last_ended");
                        if (state.terminal() && ended != null && (lastEnded == null || ended.toInstant().isAfter(lastEnded))) {
                            lastEnded = ended.toInstant();
                        }
                    }
                    return new StateCounts(counts, lastEnded);
                });
    }

    /** Questions of a batch that ended at or after {@code since}, oldest first. */
    public Uni<List<QuestionResults>> endedSince(UUID batchId, Instant since) {
        return database.query("SELECT " + QuestionQueue.COLUMNS + " FROM question WHERE batch_id = $1 AND completed_at >= $2"
                + " ORDER BY completed_at", Tuple.of(batchId, OffsetDateTime.ofInstant(since, ZoneOffset.UTC)))
                .chain(this::withResults);
    }

    /** A page of a run's questions (of one batch, when given), in the order they were received. */
    public Uni<List<QuestionResults>> page(UUID runId, UUID batchId, int offset, int limit) {
        String where = batchId == null ? "run_id = $1 AND $2::uuid IS NULL" : "run_id = $1 AND batch_id = $2";
        return database.query("SELECT " + QuestionQueue.COLUMNS + " FROM question WHERE " + where
                + " ORDER BY received_at, id OFFSET $3 LIMIT $4", Tuple.of(runId, batchId, offset, limit))
                .chain(this::withResults);
    }

    /** One question of a run with its answers and scores, or null when the run has no such question (yet). */
    public Uni<QuestionResults> question(UUID runId, String questionId) {
        return database.query("SELECT " + QuestionQueue.COLUMNS + " FROM question WHERE run_id = $1 AND id = $2",
                Tuple.of(runId, questionId))
                .chain(this::withResults)
                .map(found -> found.isEmpty() ? null : found.getFirst());
    }

    public Uni<List<AnswerCount>> answerCounts(UUID runId) {
        return database.query("SELECT variant, status, count(*) AS answers FROM answer WHERE run_id = $1"
                + " GROUP BY variant, status", Tuple.of(runId))
                .map(rows -> Rows.list(rows, row -> new AnswerCount(row.getString("variant"),
                        GeneratedAnswer.Status.valueOf(row.getString("status")), row.getLong("answers"))));
    }

    public Uni<List<MetricMean>> scoreMeans(UUID runId) {
        return database.query("SELECT variant, metric, kind, count(value) AS n, avg(value) AS mean FROM score"
                + " WHERE run_id = $1 GROUP BY variant, metric, kind", Tuple.of(runId))
                .map(rows -> Rows.list(rows, row -> new MetricMean(row.getString("variant"), row.getString("metric"),
                        ScoreRecord.Kind.valueOf(row.getString("kind")), row.getLong("n"), row.getDouble("mean"))));
    }

    /** Questions per run and state, of every run. */
    public Uni<Map<UUID, Map<State, Long>>> statesByRun() {
        return database.query("SELECT run_id, state, count(*) AS questions FROM question GROUP BY run_id, state")
                .map(rows -> {
                    Map<UUID, Map<State, Long>> byRun = new HashMap<>();
                    rows.forEach(row -> byRun.computeIfAbsent(row.getUUID("run_id"), run -> new EnumMap<>(State.class))
                            .put(State.valueOf(row.getString("state")), row.getLong("questions")));
                    return byRun;
                });
    }

    /** The batch a run's questions came in, if any. */
    public Uni<UUID> batchOfRun(UUID runId) {
        return database.query("SELECT batch_id FROM question WHERE run_id = $1 AND batch_id IS NOT NULL LIMIT 1",
                Tuple.of(runId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("batch_id"));
    }

    /** Each question's answers and scores, in two queries whatever the number of questions. */
    private Uni<List<QuestionResults>> withResults(RowSet<Row> rows) {
        List<QuestionRecord> questions = Rows.list(rows, QuestionQueue::question);
        if (questions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID runId = questions.getFirst().key().runId();
        String[] ids = questions.stream().map(question -> question.key().questionId()).toArray(String[]::new);
        Tuple of = Tuple.of(runId, ids);
        return Uni.combine().all().unis(
                database.query("SELECT " + ResultStore.ANSWER_COLUMNS + " FROM answer WHERE run_id = $1"
                        + " AND question_id = ANY($2)", of),
                database.query("SELECT " + ScoreRecord.COLUMNS + " FROM score WHERE run_id = $1 AND question_id = ANY($2)",
                        of))
                .with((answers, scores) -> {
                    Map<String, List<GeneratedAnswer>> answersOf = new HashMap<>();
                    answers.forEach(row -> answersOf.computeIfAbsent(row.getString("question_id"), id -> new ArrayList<>())
                            .add(ResultStore.answer(row)));
                    Map<String, List<ScoreRecord>> scoresOf = new HashMap<>();
                    scores.forEach(row -> scoresOf.computeIfAbsent(row.getString("question_id"), id -> new ArrayList<>())
                            .add(ScoreRecord.from(row)));
                    return questions.stream()
                            .map(question -> new QuestionResults(question,
                                    answersOf.getOrDefault(question.key().questionId(), List.of()),
                                    scoresOf.getOrDefault(question.key().questionId(), List.of())))
                            .collect(Collectors.toList());
                });
    }
}
