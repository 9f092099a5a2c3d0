package io.ragfit.results;

import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.ragfit.judge.Judgement;

/** One reply of the judge, kept whether or not a score could be read from it. */
@Entity
@Table(name = "judge_sample")
public class JudgeSampleRecord {

    @EmbeddedId
    public JudgeSampleKey key;

    public String reply;

    /** Null when the reply held no score. */
    public Double score;

    static JudgeSampleRecord of(VariantResultKey answer, String criterion, Judgement.Sample sample) {
        JudgeSampleRecord record = new JudgeSampleRecord();
        record.key = new JudgeSampleKey(answer.runId(), answer.questionId(), answer.variant(), criterion, sample.index());
        record.reply = sample.reply();
        record.score = sample.score();
        return record;
    }
}
