package io.ragfit.results.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.ragfit.experiment.Experiment;
import io.ragfit.results.ScoreRecord;
import io.ragfit.results.Transactions;
import io.smallrye.mutiny.Uni;

/** Reads what a run's report is computed from, in one transaction. */
@ApplicationScoped
class ReportQueries {

    /** Everything of a run but its definition and variants. */
    record RunResults(ReportData.Experiment experiment, Map<String, Long> states, List<ReportData.Score> scores,
            List<ReportData.Sample> samples, List<ReportData.ModePair> modePairs, List<String> promptHashes,
            List<ReportData.JudgeUse> judges) {
    }

    private final Transactions transactions;

    ReportQueries(Transactions transactions) {
        this.transactions = transactions;
    }

    /** The queries run one after the other: a session takes one query at a time. */
    Uni<RunResults> of(UUID runId) {
        return transactions.inTransaction(session -> {
            Reading read = new Reading();
            return experiment(session, runId).invoke(found -> read.experiment = found)
                    .chain(() -> states(session, runId)).invoke(found -> read.states = found)
                    .chain(() -> scores(session, runId)).invoke(found -> read.scores = found)
                    .chain(() -> samples(session, runId)).invoke(found -> read.samples = found)
                    .chain(() -> modePairs(session, runId)).invoke(found -> read.modePairs = found)
                    .chain(() -> promptHashes(session, runId)).invoke(found -> read.promptHashes = found)
                    .chain(() -> judges(session, runId))
                    .map(judges -> new RunResults(read.experiment, read.states, read.scores, read.samples, read.modePairs,
                            read.promptHashes, judges));
        });
    }

    /** What has been read so far. */
    private static final class Reading {
        ReportData.Experiment experiment;
        Map<String, Long> states;
        List<ReportData.Score> scores;
        List<ReportData.Sample> samples;
        List<ReportData.ModePair> modePairs;
        List<String> promptHashes;
    }

    private static Uni<ReportData.Experiment> experiment(Mutiny.Session session, UUID runId) {
        return session.createSelectionQuery("from Experiment where runId = :run", Experiment.class)
                .setParameter("run", runId)
                .getSingleResultOrNull()
                .map(found -> found == null ? null : new ReportData.Experiment(found.name, found.spec.seed()));
    }

    private static Uni<Map<String, Long>> states(Mutiny.Session session, UUID runId) {
        return session.createSelectionQuery("select state, count(*) from QuestionRecord where key.runId = :run"
                + " group by state order by state", Object[].class)
                .setParameter("run", runId)
                .getResultList()
                .map(rows -> {
                    Map<String, Long> states = new LinkedHashMap<>();
                    rows.forEach(row -> states.put(row[0].toString(), (Long) row[1]));
                    return states;
                });
    }

    private static Uni<List<ReportData.Score>> scores(Mutiny.Session session, UUID runId) {
        return session.createSelectionQuery("select q.corpus, s.key.questionId, s.key.variant, s.key.metric, s.kind, s.value"
                + " from ScoreRecord s join QuestionRecord q on q.key.runId = s.key.runId and q.key.questionId = s.key.questionId"
                + " where s.key.runId = :run and s.value is not null", Object[].class)
                .setParameter("run", runId)
                .getResultList()
                .map(rows -> rows.stream().map(row -> new ReportData.Score((String) row[0], (String) row[1], (String) row[2],
                        (String) row[3], row[4].toString(), (Double) row[5])).toList());
    }

    private static Uni<List<ReportData.Sample>> samples(Mutiny.Session session, UUID runId) {
        return session.createSelectionQuery("select key.questionId, key.variant, key.criterion, score from JudgeSampleRecord"
                + " where key.runId = :run and score is not null", Object[].class)
                .setParameter("run", runId)
                .getResultList()
                .map(rows -> rows.stream().map(row -> new ReportData.Sample((String) row[0], (String) row[1], (String) row[2],
                        (Double) row[3])).toList());
    }

    /** This run's G-Eval scores next to another run's, in the other mode, of the very same answer text. */
    private static Uni<List<ReportData.ModePair>> modePairs(Mutiny.Session session, UUID runId) {
        return session.createSelectionQuery("select s.key.metric, s.mode, s.value, o.value"
                + " from ScoreRecord s, ScoreRecord o, AnswerRecord a, AnswerRecord b"
                + " where s.key.runId = :run and s.kind = :geval and s.value is not null and s.fallback is null"
                + " and o.key.runId <> :run and o.key.questionId = s.key.questionId and o.key.variant = s.key.variant"
                + " and o.key.metric = s.key.metric and o.kind = :geval and o.mode <> s.mode and o.value is not null"
                + " and o.fallback is null"
                + " and a.key.runId = s.key.runId and a.key.questionId = s.key.questionId and a.key.variant = s.key.variant"
                + " and b.key.runId = o.key.runId and b.key.questionId = o.key.questionId and b.key.variant = o.key.variant"
                + " and a.text = b.text", Object[].class)
                .setParameter("run", runId)
                .setParameter("geval", ScoreRecord.Kind.GEVAL)
                .getResultList()
                .map(rows -> rows.stream().map(row -> {
                    boolean repeatHere = row[1].toString().equals("REPEAT");
                    double here = (Double) row[2];
                    double other = (Double) row[3];
                    return new ReportData.ModePair((String) row[0], repeatHere ? here : other, repeatHere ? other : here);
                }).toList());
    }

    private static Uni<List<String>> promptHashes(Mutiny.Session session, UUID runId) {
        return session.createSelectionQuery("select distinct promptHash from AnswerRecord where key.runId = :run"
                + " and promptHash is not null order by promptHash", String.class)
                .setParameter("run", runId)
                .getResultList();
    }

    private static Uni<List<ReportData.JudgeUse>> judges(Mutiny.Session session, UUID runId) {
        return session.createSelectionQuery("select judgeModel, mode, stepsVersion, count(*) from ScoreRecord"
                + " where key.runId = :run and kind = :geval group by judgeModel, mode, stepsVersion", Object[].class)
                .setParameter("run", runId)
                .setParameter("geval", ScoreRecord.Kind.GEVAL)
                .getResultList()
                .map(rows -> rows.stream().map(row -> new ReportData.JudgeUse((String) row[0],
                        row[1] == null ? null : row[1].toString(), (String) row[2], (Long) row[3])).toList());
    }
}
