-- Experiments: a definition, its seeded splits and leakage report, and the run that evaluates it.
CREATE TABLE experiment (
    id         uuid PRIMARY KEY,
    name       varchar(255) NOT NULL UNIQUE,
    spec       text NOT NULL,
    status     varchar(16) NOT NULL,
    splits     text NOT NULL,
    leakage    text NOT NULL,
    run_id     uuid REFERENCES run (id) ON DELETE SET NULL,
    batch_id   uuid REFERENCES batch (id) ON DELETE SET NULL,
    detail     text,
    created_at timestamp(6) with time zone NOT NULL,
    updated_at timestamp(6) with time zone NOT NULL
);

-- The models of the built-in tuned readers, trained by experiments.
CREATE TABLE tuned_reader (
    variant       varchar(64) PRIMARY KEY REFERENCES variant (name) ON DELETE CASCADE,
    experiment_id uuid NOT NULL,
    train_size    integer NOT NULL,
    model         text NOT NULL,
    created_at    timestamp(6) with time zone NOT NULL
);

-- Chunks retrieved per question, when a run fixes it (experiments do); else the service's setting.
ALTER TABLE run ADD COLUMN retrieval_k integer;
