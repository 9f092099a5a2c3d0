package io.ragfit.experiment;

import java.time.Instant;
import java.util.UUID;

/** An experiment: its definition (defaults filled in), its splits and leakage report, and the run evaluating it. */
public class Experiment {

    public enum Status {
        /** Defined, split and checked; not started. */
        CREATED,
        /** Training the built-in tuned readers, creating the run, queuing the evaluation set (under a lease). */
        PREPARING,
        RUNNING,
        COMPLETED,
        /** Stopped by a user: starting it again resumes it. */
        STOPPED,
        /** Preparation failed (see detail): starting it again retries. */
        FAILED
    }

    public UUID id;
    public String name;
    public ExperimentSpec spec;
    public Status status;
    public Splits splits;
    public Leakage leakage;
    public UUID runId;
    public UUID batchId;
    public String detail;
    public Instant createdAt;
    public Instant updatedAt;
}
