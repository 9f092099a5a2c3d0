package io.ragfit.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.judge.Judgement;
import io.ragfit.judge.ReferenceScores;
import io.ragfit.results.QuestionRecord.State;
import io.smallrye.mutiny.Uni;

/**
 * A question's results in PostgreSQL. Every record has a natural key and a question's results are written
 * once: a question delivered again finds what it already has and only adds what is missing.
 */
@ApplicationScoped
public class ResultStore {

    /** What a question already has stored. */
    public record Stored(QuestionRecord question, ContextRecord context, Map<String, AnswerRecord> answers,
            Map<String, List<ScoreRecord>> scores) {

        public List<GeneratedAnswer> storedAnswers() {
            return answers.values().stream().map(AnswerRecord::answer).toList();
        }
    }

    private final Transactions transactions;

    ResultStore(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Records the question as running (unless it has ended) and returns what it already has: the question
     * as stored, its context, answers and scores.
     */
    public Uni<Stored> begin(QuestionRecord incoming) {
        return inTransaction(session -> session.find(QuestionRecord.class, incoming.key)
                .chain(found -> {
                    if (found == null) {
                        incoming.state = State.RUNNING;
                        return session.persist(incoming).replaceWith(incoming);
                    }
                    if (found.state == State.PENDING || found.state == State.FAILED) {
                        found.state = State.RUNNING;
                        found.error = null;
                    }
                    return Uni.createFrom().item(found);
                })
                // one session runs one operation at a time: these reads follow each other
                .chain(question -> session.find(ContextRecord.class, question.key)
                        .chain(context -> ofQuestion(session, AnswerRecord.class, question.key)
                                .chain(answers -> ofQuestion(session, ScoreRecord.class, question.key)
                                        .map(scores -> new Stored(question, context,
                                                answers.stream().collect(Collectors.toMap(answer -> answer.key.variant(),
                                                        Function.identity())),
                                                scores.stream().collect(Collectors.groupingBy(score -> score.key.variant()))))))));
    }

    /** Stores the context (if new) and the answers not stored yet. */
    public Uni<Void> saveAnswers(Stored stored, ContextRecord context, List<GeneratedAnswer> answers) {
        List<Object> fresh = new ArrayList<>();
        if (stored.context() == null) {
            fresh.add(context);
        }
        answers.stream()
                .filter(answer -> !stored.answers().containsKey(answer.variant()))
                .map(answer -> AnswerRecord.of(stored.question().key, answer))
                .forEach(fresh::add);
        return fresh.isEmpty() ? Uni.createFrom().voidItem()
                : inTransaction(session -> session.persistAll(fresh.toArray()));
    }

    /** Stores the judgements and reference scores, with every reply of the judge, and completes the question. */
    public Uni<Void> complete(QuestionKey question, Map<String, List<Judgement>> judgements,
            Map<String, ReferenceScores> references) {
        List<Object> fresh = new ArrayList<>();
        judgements.forEach((variant, judged) -> {
            VariantResultKey answer = new VariantResultKey(question.runId(), question.questionId(), variant);
            for (Judgement judgement : judged) {
                fresh.add(ScoreRecord.of(answer, judgement));
                judgement.samples().forEach(sample -> fresh.add(JudgeSampleRecord.of(answer, judgement.criterion(), sample)));
            }
        });
        references.forEach((variant, scores) -> fresh.addAll(
                ScoreRecord.of(new VariantResultKey(question.runId(), question.questionId(), variant), scores)));
        return inTransaction(session -> session.find(QuestionRecord.class, question)
                .chain(found -> {
                    found.state = State.COMPLETED;
                    found.completedAt = Instant.now();
                    found.error = null;
                    return fresh.isEmpty() ? Uni.createFrom().voidItem() : session.persistAll(fresh.toArray());
                }));
    }

    /** All the scores of a question, as stored. */
    public Uni<List<ScoreRecord>> scores(QuestionKey question) {
        return inTransaction(session -> ofQuestion(session, ScoreRecord.class, question));
    }

    public Uni<Void> markEmitted(QuestionKey question) {
        return update(question, found -> found.emittedAt = Instant.now());
    }

    /** Marks a question that could not be processed, with the reason; nothing if it was never stored. */
    public Uni<Void> fail(QuestionKey question, String reason) {
        return update(question, found -> {
            if (!found.state.terminal()) {
                found.state = State.FAILED;
                found.error = reason;
                found.completedAt = Instant.now();
            }
        });
    }

    private Uni<Void> update(QuestionKey question, Consumer<QuestionRecord> change) {
        return inTransaction(session -> session.find(QuestionRecord.class, question)
                .invoke(found -> {
                    if (found != null) {
                        change.accept(found);
                    }
                })
                .replaceWithVoid());
    }

    private static <T> Uni<List<T>> ofQuestion(Mutiny.Session session, Class<T> type, QuestionKey question) {
        return session.createSelectionQuery("from " + type.getSimpleName()
                + " where key.runId = :run and key.questionId = :question", type)
                .setParameter("run", question.runId())
                .setParameter("question", question.questionId())
                .getResultList();
    }

    private <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return transactions.inTransaction(work);
    }
}
