package io.ragfit.results.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.store.Database;
import io.ragfit.store.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads what a run's report is computed from. */
@ApplicationScoped
class ReportQueries {

    /** Everything of a run but its definition and variants. */
    record RunResults(ReportData.Experiment experiment, Map<String, Long> states, List<ReportData.Score> scores,
            List<ReportData.Sample> samples, List<ReportData.ModePair> modePairs, List<String> promptHashes,
            List<ReportData.JudgeUse> judges) {
    }

    private final Database database;

    ReportQueries(Database database) {
        this.database = database;
    }

    Uni<RunResults> of(UUID runId) {
        Tuple run = Tuple.of(runId);
        return Uni.combine().all().unis(
                database.query("SELECT name, (spec::jsonb ->> 'seed')::bigint AS seed FROM experiment WHERE run_id = $1", run),
                database.query("SELECT state, count(*) AS questions FROM question WHERE run_id = $1 GROUP BY state"
                        + " ORDER BY state", run),
                database.query("SELECT q.corpus, s.question_id, s.variant, s.metric, s.kind, s.value FROM score s"
                        + " JOIN question q ON q.run_id = s.run_id AND q.id = s.question_id"
                        + " WHERE s.run_id = $1 AND s.value IS NOT NULL", run),
                database.query("SELECT question_id, variant, criterion, score FROM judge_sample WHERE run_id = $1"
                        + " AND score IS NOT NULL", run),
                // this run's G-Eval scores next to another run's, in the other mode, of the very same answer text
                database.query("SELECT s.metric, s.mode, s.value AS here, o.value AS other FROM score s"
                        + " JOIN answer a ON a.run_id = s.run_id AND a.question_id = s.question_id AND a.variant = s.variant"
                        + " JOIN score o ON o.run_id <> s.run_id AND o.question_id = s.question_id AND o.variant = s.variant"
                        + " AND o.metric = s.metric AND o.kind = 'GEVAL' AND o.mode <> s.mode AND o.value IS NOT NULL"
                        + " AND o.fallback IS NULL"
                        + " JOIN answer b ON b.run_id = o.run_id AND b.question_id = o.question_id AND b.variant = o.variant"
                        + " WHERE s.run_id = $1 AND s.kind = 'GEVAL' AND s.value IS NOT NULL AND s.fallback IS NULL"
                        + " AND a.text = b.text", run),
                database.query("SELECT DISTINCT prompt_hash FROM answer WHERE run_id = $1 AND prompt_hash IS NOT NULL"
                        + " ORDER BY prompt_hash", run),
                database.query("SELECT judge_model, mode, steps_version, count(*) AS scores FROM score WHERE run_id = $1"
                        + " AND kind = 'GEVAL' GROUP BY judge_model, mode, steps_version", run))
                .with(results -> new RunResults(
                        experiment(rows(results.get(0))),
                        states(rows(results.get(1))),
                        list(results.get(2), row -> new ReportData.Score(row.getString("corpus"), row.getString("question_id"),
                                row.getString("variant"), row.getString("metric"), row.getString("kind"),
                                row.getDouble("value"))),
                        list(results.get(3), row -> new ReportData.Sample(row.getString("question_id"),
                                row.getString("variant"), row.getString("criterion"), row.getDouble("score"))),
                        list(results.get(4), ReportQueries::modePair),
                        list(results.get(5), row -> row.getString("prompt_hash")),
                        list(results.get(6), row -> new ReportData.JudgeUse(row.getString("judge_model"), row.getString("mode"),
                                row.getString("steps_version"), row.getLong("scores")))));
    }

    private static ReportData.Experiment experiment(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new ReportData.Experiment(row.getString("name"), row.getLong("seed"));
    }

    private static Map<String, Long> states(RowSet<Row> rows) {
        Map<String, Long> states = new LinkedHashMap<>();
        rows.forEach(row -> states.put(row.getString("state"), row.getLong("questions")));
        return states;
    }

    private static ReportData.ModePair modePair(Row row) {
        boolean repeatHere = "REPEAT".equals(row.getString("mode"));
        double here = row.getDouble("here");
        double other = row.getDouble("other");
        return new ReportData.ModePair(row.getString("metric"), repeatHere ? here : other, repeatHere ? other : here);
    }

    @SuppressWarnings("unchecked")
    private static RowSet<Row> rows(Object result) {
        return (RowSet<Row>) result;
    }

    private static <T> List<T> list(Object result, Function<Row, T> mapping) {
        return Rows.list(rows(result), mapping);
    }
}
