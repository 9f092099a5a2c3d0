package io.ragfit.results;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.ragfit.judge.JudgeConfig;
import io.ragfit.judge.Judgement;
import io.ragfit.judge.ReferenceScores;

/** One metric of one variant's answer: a G-Eval criterion or a reference metric. */
@Entity
@Table(name = "score")
public class ScoreRecord {

    public enum Kind {
        GEVAL,
        REFERENCE
    }

    @EmbeddedId
    public ScoreKey key;

    /** Null when the judge gave no readable score (see error). */
    public Double value;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Enumerated(EnumType.STRING)
    public JudgeConfig.Mode mode;

    @Column(name = "samples_requested")
    public Integer samplesRequested;

    @Column(name = "valid_samples")
    public Integer validSamples;

    @Column(name = "standard_deviation")
    public Double standardDeviation;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<Integer, Double> distribution;

    @Column(name = "judge_variant")
    public String judgeVariant;

    @Column(name = "judge_model")
    public String judgeModel;

    @Column(name = "prompt_hash")
    public String promptHash;

    @Column(name = "steps_version")
    public String stepsVersion;

    public String fallback;

    public String error;

    public Integer requests;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static ScoreRecord of(VariantResultKey answer, Judgement judgement) {
        ScoreRecord score = new ScoreRecord();
        score.key = new ScoreKey(answer.runId(), answer.questionId(), answer.variant(), judgement.criterion());
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
        score.createdAt = Instant.now();
        return score;
    }

    /** One score per reference metric the answer has. */
    static List<ScoreRecord> of(VariantResultKey answer, ReferenceScores scores) {
        List<ScoreRecord> records = new ArrayList<>();
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        values.put("exact_match", scores.exactMatch());
        values.put("token_f1", scores.tokenF1());
        values.put("rouge_l", scores.rougeL());
        values.put("semantic_similarity", scores.semanticSimilarity());
        values.put("yes_no_correct", scores.yesNoCorrect());
        values.put("factoid_found", scores.factoidFound());
        values.put("list_recall", scores.listRecall());
        values.put("answer_contained", scores.answerContained());
        values.forEach((metric, value) -> {
            if (value != null) {
                ScoreRecord score = new ScoreRecord();
                score.key = new ScoreKey(answer.runId(), answer.questionId(), answer.variant(), metric);
                score.value = value;
                score.kind = Kind.REFERENCE;
                score.createdAt = Instant.now();
                records.add(score);
            }
        });
        return records;
    }
}
