package io.ragfit.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.generation.Prompt;
import io.ragfit.judge.Evaluation;
import io.ragfit.judge.Judgement;
import io.ragfit.retrieval.RetrievedChunk;
import io.ragfit.store.Database;
import io.ragfit.store.Json;
import io.ragfit.store.Rows;
import io.ragfit.store.Values;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A question's results in PostgreSQL. Every record has a natural key and is written once: a question taken up
 * again (after a restart, a takeover, an outage) finds what it already has and only adds what is missing. When
 * two instances write the same record, the first stands and both go on with it.
 */
@ApplicationScoped
public class ResultStore {

    /** What a question already has: the context it was retrieved (null: none yet), answers by variant, scores. */
    public record Progress(List<RetrievedChunk> context, Map<String, GeneratedAnswer> answers, List<ScoreRecord> scores) {

        static final Progress NONE = new Progress(null, Map.of(), List.of());

        Set<String> judged() {
            return scores.stream().map(score -> score.variant).collect(Collectors.toSet());
        }
    }

    public static final String ANSWER_COLUMNS = "run_id, question_id, variant, status, text, model, finish_reason,"
            + " prompt_tokens, completion_tokens, latency_ms, attempts, error, builtin, prompt_hash";
    private static final TypeReference<List<RetrievedChunk>> CHUNKS = new TypeReference<>() {
    };

    private final Database database;
    private final TopicRecords topics;

    ResultStore(Database database, TopicRecords topics) {
        this.database = database;
        this.topics = topics;
    }

    public Uni<Progress> progress(QuestionKey question) {
        Tuple key = Tuple.of(question.runId(), question.questionId());
        return Uni.combine().all().unis(
                database.query("SELECT chunks FROM context WHERE run_id = $1 AND question_id = $2", key),
                database.query("SELECT " + ANSWER_COLUMNS + " FROM answer WHERE run_id = $1 AND question_id = $2", key),
                database.query("SELECT " + ScoreRecord.COLUMNS + " FROM score WHERE run_id = $1 AND question_id = $2", key))
                .with((context, answers, scores) -> {
                    Map<String, GeneratedAnswer> byVariant = new LinkedHashMap<>();
                    answers.forEach(row -> byVariant.put(row.getString("variant"), answer(row)));
                    return new Progress(context.size() == 0 ? null
                            : Json.read(context.iterator().next().getString("chunks"), CHUNKS), byVariant, scores(scores));
                });
    }

    /**
     * Stores the context (unless {@code chunks} is null: stored already) and the answers, and returns the answers
     * as stored: another instance's, where it stored one first. One statement, so one round trip and atomic without
     * a transaction of its own.
     */
    public Uni<List<GeneratedAnswer>> saveAnswers(QuestionKey question, List<RetrievedChunk> chunks, Prompt prompt,
            List<GeneratedAnswer> answers) {
        if (chunks == null && answers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Object> arguments = new ArrayList<>();
        String context = "";
        if (chunks != null) {
            arguments.addAll(List.of(question.runId(), question.questionId(), Json.write(chunks), Json.write(prompt.messages()),
                    prompt.hash()));
            context = "INSERT INTO context (run_id, question_id, chunks, prompt, prompt_hash, created_at)"
                    + " VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING";
        }
        if (answers.isEmpty()) {
            return database.query(context, Tuple.tuple(arguments)).replaceWith(List.of());
        }
        int first = arguments.size() + 1;
        answers.forEach(answer -> arguments.addAll(Arrays.asList(question.runId(), question.questionId(), answer.variant(),
                answer.status().name(), Values.text(answer.text()), answer.model(), answer.finishReason(),
                answer.promptTokens(), answer.completionTokens(), answer.latencyMs(), answer.attempts(),
                Values.text(answer.error()), answer.builtin(), answer.promptHash())));
        String insertAnswers = "INSERT INTO answer (" + ANSWER_COLUMNS + ", created_at) VALUES "
                + Values.rows(answers.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())", first)
                + " ON CONFLICT DO NOTHING RETURNING variant";
        return database.query(context.isEmpty() ? insertAnswers : "WITH stored_context AS (" + context + ") " + insertAnswers,
                Tuple.tuple(arguments))
                .chain(inserted -> {
                    Set<String> ours = new java.util.HashSet<>();
                    inserted.forEach(row -> ours.add(row.getString("variant")));
                    if (ours.size() == answers.size()) {
                        return Uni.createFrom().item(answers);
                    }
                    return database.query("SELECT " + ANSWER_COLUMNS + " FROM answer WHERE run_id = $1 AND question_id = $2",
                            Tuple.of(question.runId(), question.questionId()))
                            .map(stored -> {
                                Map<String, GeneratedAnswer> byVariant = new LinkedHashMap<>();
                                stored.forEach(row -> byVariant.put(row.getString("variant"), answer(row)));
                                return answers.stream().map(answer -> byVariant.getOrDefault(answer.variant(), answer)).toList();
                            });
                });
    }

    /** Stores evaluations made so far, before the question can complete (some judgements are still to be made). */
    public Uni<Void> saveEvaluations(QuestionKey question, Map<String, Evaluation> evaluations) {
        List<Object> arguments = new ArrayList<>();
        String inserts = scoreInserts(question, evaluations, arguments);
        return inserts.isEmpty() ? Uni.createFrom().voidItem()
                : database.query(inserts + " SELECT 1", Tuple.tuple(arguments)).replaceWithVoid();
    }

    /**
     * Stores the last evaluations, completes the question and puts its answers and scores, as stored, in the
     * outbox: all in one transaction. Gives the question's scores as stored, or null when the question had ended
     * already (another instance completed it, or it was cancelled): then nothing is emitted twice. The records
     * carry {@code traceparent} (when not null).
     */
    public Uni<List<ScoreRecord>> complete(QuestionKey question, Map<String, Evaluation> evaluations, List<GeneratedAnswer> answers,
            String traceparent) {
        List<Object> arguments = new ArrayList<>();
        String inserts = scoreInserts(question, evaluations, arguments);
        int key = arguments.size() + 1;
        arguments.add(question.runId());
        arguments.add(question.questionId());
        return database.inTransaction(sql -> sql.query(inserts + " UPDATE question SET state = 'COMPLETED',"
                + " completed_at = clock_timestamp(), error = NULL, lease_owner = NULL WHERE run_id = $" + key + " AND id = $" + (key + 1)
                + " AND state IN ('PENDING', 'RUNNING')", Tuple.tuple(arguments))
                .chain(updated -> updated.rowCount() == 0 ? Uni.createFrom().<List<ScoreRecord>>nullItem()
                        : sql.query("SELECT " + ScoreRecord.COLUMNS + " FROM score WHERE run_id = $1 AND question_id = $2"
                                + " ORDER BY variant, metric", Tuple.of(question.runId(), question.questionId()))
                                .map(ResultStore::scores)
                                .call(scores -> Outbox.add(sql, topics.results(question, answers, scores, traceparent)))));
    }

    /**
     * The evaluations' scores and judge samples as the {@code WITH} clause of one statement (empty when there are
     * none), their arguments added to {@code arguments}.
     */
    private static String scoreInserts(QuestionKey question, Map<String, Evaluation> evaluations, List<Object> arguments) {
        List<ScoreRecord> scores = new ArrayList<>();
        List<Tuple> samples = new ArrayList<>();
        evaluations.forEach((variant, evaluation) -> {
            for (Judgement judgement : evaluation.geval()) {
                scores.add(ScoreRecord.of(question, variant, judgement));
                judgement.samples().forEach(sample -> samples.add(Tuple.tuple(Arrays.asList(question.runId(),
                        question.questionId(), variant, judgement.criterion(), sample.index(), Values.text(sample.reply()),
                        sample.score()))));
            }
            if (evaluation.reference() != null) {
                scores.addAll(ScoreRecord.of(question, variant, evaluation.reference()));
            }
        });
        if (scores.isEmpty()) {
            return "";
        }
        scores.forEach(score -> score.error = Values.text(score.error));
        StringBuilder with = new StringBuilder("WITH stored_scores AS (INSERT INTO score (" + ScoreRecord.COLUMNS
                + ", created_at) VALUES " + Values.rows(scores.size(),
                        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, now())", arguments.size() + 1)
                + " ON CONFLICT DO NOTHING)");
        scores.forEach(score -> add(arguments, score.values()));
        if (!samples.isEmpty()) {
            with.append(", stored_samples AS (INSERT INTO judge_sample (run_id, question_id, variant, criterion,"
                    + " sample_index, reply, score) VALUES " + Values.rows(samples.size(), "(?, ?, ?, ?, ?, ?, ?)",
                            arguments.size() + 1) + " ON CONFLICT DO NOTHING)");
            samples.forEach(sample -> add(arguments, sample));
        }
        return with.toString();
    }

    private static void add(List<Object> arguments, Tuple row) {
        for (int i = 0; i < row.size(); i++) {
            arguments.add(row.getValue(i));
        }
    }

    public static GeneratedAnswer answer(Row row) {
        return new GeneratedAnswer(row.getString("variant"), row.getString("model"),
                GeneratedAnswer.Status.valueOf(row.getString("status")), row.getString("text"), row.getString("finish_reason"),
                row.getInteger("prompt_tokens"), row.getInteger("completion_tokens"), row.getLong("latency_ms"),
                row.getInteger("attempts"), row.getString("error"), row.getBoolean("builtin"), row.getString("prompt_hash"));
    }

    private static List<ScoreRecord> scores(RowSet<Row> rows) {
        return Rows.list(rows, ScoreRecord::from);
    }
}
