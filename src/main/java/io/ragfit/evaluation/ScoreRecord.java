package io.ragfit.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

import io.ragfit.judge.JudgeConfig;
import io.ragfit.judge.Judgement;
import io.ragfit.judge.ReferenceScores;
import io.ragfit.store.Json;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** One metric of one variant's answer, as stored: a G-Eval criterion or a reference metric. */
public final class ScoreRecord {

    public enum Kind {
        GEVAL,
        REFERENCE
    }

    public static final String COLUMNS = "run_id, question_id, variant, metric, value, kind, mode, samples_requested, valid_samples,"
            + " standard_deviation, distribution, judge_variant, judge_model, prompt_hash, steps_version, fallback, error,"
            + " requests";
    private static final TypeReference<Map<Integer, Double>> DISTRIBUTION = new TypeReference<>() {
    };

    public QuestionKey question;
    public String variant;
    public String metric;
    /** Null when the judge gave no readable score (see error). */
    public Double value;
    public Kind kind;
    public JudgeConfig.Mode mode;
    public Integer samplesRequested;
    public Integer validSamples;
    public Double standardDeviation;
    public Map<Integer, Double> distribution;
    public String judgeVariant;
    public String judgeModel;
    public String promptHash;
    public String stepsVersion;
    public String fallback;
    public String error;
    public Integer requests;

    static ScoreRecord of(QuestionKey question, String variant, Judgement judgement) {
        ScoreRecord score = new ScoreRecord();
        score.question = question;
        score.variant = variant;
        score.metric = judgement.criterion();
        score.value = judgement.score();
        score.kind = Kind.GEVAL;
        score.mode = judgement.mode();
        score.samplesRequested = judgement.samplesRequested();
        score.validSamples = judgement.validSamples();
        score.standardDeviation = judgement.standardDeviation();
        score.distribution = judgement.distribution();
        score.judgeVariant = judgement.judgeVariant();
        score.judgeModel = judgement.judgeModel();
        score.promptHash = judgement.promptHash();
        score.stepsVersion = judgement.stepsVersion();
        score.fallback = judgement.fallback();
        score.error = judgement.error();
        score.requests = judgement.requests();
        return score;
    }

    /** One score per reference metric the answer has. */
    static List<ScoreRecord> of(QuestionKey question, String variant, ReferenceScores scores) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("exact_match", scores.exactMatch());
        values.put("token_f1", scores.tokenF1());
        values.put("rouge_l", scores.rougeL());
        values.put("semantic_similarity", scores.semanticSimilarity());
        values.put("yes_no_correct", scores.yesNoCorrect());
        values.put("factoid_found", scores.factoidFound());
        values.put("list_recall", scores.listRecall());
        values.put("answer_contained", scores.answerContained());
        List<ScoreRecord> records = new ArrayList<>();
        values.forEach((metric, value) -> {
            if (value != null) {
                ScoreRecord score = new ScoreRecord();
                score.question = question;
                score.variant = variant;
                score.metric = metric;
                score.value = value;
                score.kind = Kind.REFERENCE;
                records.add(score);
            }
        });
        return records;
    }

    public static ScoreRecord from(Row row) {
        ScoreRecord score = new ScoreRecord();
        score.question = new QuestionKey(row.getUUID("run_id"), row.getString("question_id"));
        score.variant = row.getString("variant");
        score.metric = row.getString("metric");
        score.value = row.getDouble("value");
        score.kind = Kind.valueOf(row.getString("kind"));
        String mode = row.getString("mode");
        score.mode = mode == null ? null : JudgeConfig.Mode.valueOf(mode);
        score.samplesRequested = row.getInteger("samples_requested");
        score.validSamples = row.getInteger("valid_samples");
        score.standardDeviation = row.getDouble("standard_deviation");
        Object distribution = row.getValue("distribution");
        score.distribution = distribution == null ? null : Json.read(distribution.toString(), DISTRIBUTION);
        score.judgeVariant = row.getString("judge_variant");
        score.judgeModel = row.getString("judge_model");
        score.promptHash = row.getString("prompt_hash");
        score.stepsVersion = row.getString("steps_version");
        score.fallback = row.getString("fallback");
        score.error = row.getString("error");
        score.requests = row.getInteger("requests");
        return score;
    }

    /** The values of {@link #COLUMNS}. */
    Tuple values() {
        return Tuple.tuple(Arrays.asList(question.runId(), question.questionId(), variant, metric, value, kind.name(),
                mode == null ? null : mode.name(), samplesRequested, validSamples, standardDeviation,
                distribution == null ? null : Json.write(distribution), judgeVariant, judgeModel, promptHash, stepsVersion,
                fallback, error, requests));
    }
}
