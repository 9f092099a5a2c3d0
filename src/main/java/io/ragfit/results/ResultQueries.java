package io.ragfit.results;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.ragfit.results.QuestionRecord.State;
import io.smallrye.mutiny.Uni;

/** Reads results back: progress of a batch, questions with their answers and scores. */
@ApplicationScoped
public class ResultQueries {

    /** How many questions are in each state, and when the last of them ended. */
    public record StateCounts(Map<State, Long> counts, Instant lastEnded) {

        public long count(State state) {
            return counts.getOrDefault(state, 0L);
        }

        public long ended() {
            return counts.entrySet().stream().filter(entry -> entry.getKey().terminal()).mapToLong(Map.Entry::getValue).sum();
        }
    }

    /** A question with what it has so far. */
    public record QuestionResults(QuestionRecord question, List<AnswerRecord> answers, List<ScoreRecord> scores) {
    }

    private final Transactions transactions;

    ResultQueries(Transactions transactions) {
        this.transactions = transactions;
    }

    public Uni<StateCounts> countsOfBatch(UUID batchId) {
        return transactions.inTransaction(session -> session.createSelectionQuery(
                "select state, count(*), max(completedAt) from QuestionRecord where batchId = :batch group by state",
                Object[].class)
                .setParameter("batch", batchId)
                .getResultList())
                .map(rows -> {
                    Map<State, Long> counts = new EnumMap<>(State.class);
                    Instant lastEnded = null;
                    for (Object[] row : rows) {
                        State state = (State) row[0];
                        counts.put(state, (Long) row[1]);
                        Instant ended = (Instant) row[2];
                        if (state.terminal() && ended != null && (lastEnded == null || ended.isAfter(lastEnded))) {
                            lastEnded = ended;
                        }
                    }
                    return new StateCounts(counts, lastEnded);
                });
    }

    /** Questions of a batch that ended at or after {@code since}, oldest first. */
    public Uni<List<QuestionResults>> endedSince(UUID batchId, Instant since) {
        return transactions.inTransaction(session -> session.createSelectionQuery(
                "from QuestionRecord where batchId = :batch and completedAt >= :since order by completedAt", QuestionRecord.class)
                .setParameter("batch", batchId)
                .setParameter("since", since)
                .getResultList())
                .chain(this::withResults);
    }

    /** A page of a run's questions (of one batch, when given), in the order they were received. */
    public Uni<List<QuestionResults>> page(UUID runId, UUID batchId, int offset, int limit) {
        String where = batchId == null ? "key.runId = :run" : "key.runId = :run and batchId = :batch";
        return transactions.inTransaction(session -> {
            var query = session.createSelectionQuery("from QuestionRecord where " + where
                    + " order by receivedAt, key.questionId", QuestionRecord.class)
                    .setParameter("run", runId)
                    .setFirstResult(offset)
                    .setMaxResults(limit);
            if (batchId != null) {
                query.setParameter("batch", batchId);
            }
            return query.getResultList();
        }).chain(this::withResults);
    }

    /** One question of a run with its answers and scores, or null when the run has no such question (yet). */
    public Uni<QuestionResults> question(UUID runId, String questionId) {
        return transactions.inTransaction(session -> session.createSelectionQuery(
                "from QuestionRecord where key.runId = :run and key.questionId = :question", QuestionRecord.class)
                .setParameter("run", runId)
                .setParameter("question", questionId)
                .getResultList())
                .chain(this::withResults)
                .map(found -> found.isEmpty() ? null : found.getFirst());
    }

    /** Answers of each variant of a run, by status. */
    public Uni<List<Object[]>> answerCounts(UUID runId) {
        return transactions.inTransaction(session -> session.createSelectionQuery(
                "select key.variant, status, count(*) from AnswerRecord where key.runId = :run group by key.variant, status",
                Object[].class)
                .setParameter("run", runId)
                .getResultList());
    }

    /** Per variant and metric of a run: how many scores have a value, and their mean. */
    public Uni<List<Object[]>> scoreMeans(UUID runId) {
        return transactions.inTransaction(session -> session.createSelectionQuery(
                "select key.variant, key.metric, kind, count(value), avg(value) from ScoreRecord where key.runId = :run"
                        + " group by key.variant, key.metric, kind",
                Object[].class)
                .setParameter("run", runId)
                .getResultList());
    }

    /** Questions per run and state, of every run. */
    public Uni<Map<UUID, Map<State, Long>>> statesByRun() {
        return transactions.inTransaction(session -> session.createSelectionQuery(
                "select key.runId, state, count(*) from QuestionRecord group by key.runId, state", Object[].class)
                .getResultList())
                .map(rows -> {
                    Map<UUID, Map<State, Long>> byRun = new HashMap<>();
                    rows.forEach(row -> byRun.computeIfAbsent((UUID) row[0], run -> new EnumMap<>(State.class))
                            .put((State) row[1], (Long) row[2]));
                    return byRun;
                });
    }

    /** The batch a run's questions came in, if any. */
    public Uni<UUID> batchOfRun(UUID runId) {
        return transactions.inTransaction(session -> session.createSelectionQuery(
                "select batchId from QuestionRecord where key.runId = :run and batchId is not null", UUID.class)
                .setParameter("run", runId)
                .setMaxResults(1)
                .getSingleResultOrNull());
    }

    /** Each question's answers and scores, in two queries whatever the number of questions. */
    private Uni<List<QuestionResults>> withResults(List<QuestionRecord> questions) {
        if (questions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID runId = questions.getFirst().key.runId();
        List<String> ids = questions.stream().map(question -> question.key.questionId()).toList();
        return transactions.inTransaction(session -> ofQuestions(session, AnswerRecord.class, runId, ids)
                .chain(answers -> ofQuestions(session, ScoreRecord.class, runId, ids)
                        .map(scores -> {
                            Map<String, List<AnswerRecord>> answersOf = answers.stream()
                                    .collect(Collectors.groupingBy(answer -> answer.key.questionId()));
                            Map<String, List<ScoreRecord>> scoresOf = scores.stream()
                                    .collect(Collectors.groupingBy(score -> score.key.questionId()));
                            return questions.stream()
                                    .map(question -> new QuestionResults(question,
                                            answersOf.getOrDefault(question.key.questionId(), List.of()),
                                            scoresOf.getOrDefault(question.key.questionId(), List.of())))
                                    .toList();
                        })));
    }

    private static <T> Uni<List<T>> ofQuestions(Mutiny.Session session, Class<T> type,
            UUID runId, Collection<String> questionIds) {
        return session.createSelectionQuery("from " + type.getSimpleName()
                + " where key.runId = :run and key.questionId in :questions", type)
                .setParameter("run", runId)
                .setParameter("questions", questionIds)
                .getResultList();
    }
}
