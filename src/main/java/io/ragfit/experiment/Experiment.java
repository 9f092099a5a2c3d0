package io.ragfit.experiment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.ragfit.results.JsonColumn;

/** An experiment: its definition (defaults filled in), its splits and leakage report, and the run evaluating it. */
@Entity
@Table(name = "experiment")
public class Experiment {

    public enum Status {
        /** Defined, split and checked; not started. */
        CREATED,
        /** Training the built-in tuned readers, creating the run, queuing the evaluation set. */
        PREPARING,
        RUNNING,
        COMPLETED,
        /** Stopped by a user: starting it again resumes it. */
        STOPPED,
        /** Preparation failed (see detail): starting it again retries. */
        FAILED
    }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Convert(converter = SpecColumn.class)
    @Column(nullable = false)
    public ExperimentSpec spec;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Convert(converter = SplitsColumn.class)
    @Column(nullable = false)
    public Splits splits;

    @Convert(converter = LeakageColumn.class)
    @Column(nullable = false)
    public Leakage leakage;

    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "batch_id")
    public UUID batchId;

    public String detail;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static final class SpecColumn extends JsonColumn<ExperimentSpec> {

        public SpecColumn() {
            super(ExperimentSpec.class);
        }
    }

    public static final class SplitsColumn extends JsonColumn<Splits> {

        public SplitsColumn() {
            super(Splits.class);
        }
    }

    public static final class LeakageColumn extends JsonColumn<Leakage> {

        public LeakageColumn() {
            super(Leakage.class);
        }
    }
}
