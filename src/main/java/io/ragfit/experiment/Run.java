package io.ragfit.experiment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.ragfit.results.JsonColumn;
import io.ragfit.judge.JudgeConfig;

/** One evaluation run: a set of questions put to a set of model variants, judged one way. */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    public enum Kind {
        /** Questions streaming in over Kafka without a run of their own. */
        LIVE,
        /** Questions submitted over HTTP or Kafka for a run created for them. */
        BATCH,
        /** An experiment's evaluation. */
        EXPERIMENT
    }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    /** The corpus questions are retrieved from when they do not name one. */
    public String corpus;

    @Convert(converter = JsonColumn.Strings.class)
    @Column(nullable = false)
    public List<String> variants;

    @Column(name = "judge_variant")
    public String judgeVariant;

    @Enumerated(EnumType.STRING)
    @Column(name = "judge_mode")
    public JudgeConfig.Mode judgeMode;

    @Convert(converter = JsonColumn.Strings.class)
    @Column(nullable = false)
    public List<String> criteria;

    /** Chunks retrieved per question; null: the service's {@code ragfit.retrieval.k}. */
    @Column(name = "retrieval_k")
    public Integer retrievalK;
}
