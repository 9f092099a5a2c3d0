-- Lists are JSON in text columns (see JsonListConverter); objects are jsonb.
-- Runs gain what defines them: which variants answer, which corpus, how they are judged.
ALTER TABLE run ADD COLUMN kind varchar(16) NOT NULL DEFAULT 'BATCH';
ALTER TABLE run ADD COLUMN corpus varchar(64);
ALTER TABLE run ADD COLUMN variants text NOT NULL DEFAULT '[]';
ALTER TABLE run ADD COLUMN judge_variant varchar(64);
ALTER TABLE run ADD COLUMN judge_mode varchar(16);
ALTER TABLE run ADD COLUMN criteria text NOT NULL DEFAULT '[]';
CREATE UNIQUE INDEX run_name ON run (name);

-- Questions submitted together over HTTP.
CREATE TABLE batch (
    id           uuid PRIMARY KEY,
    run_id       uuid NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    status       varchar(16) NOT NULL,
    total        integer NOT NULL,
    created_at   timestamp(6) with time zone NOT NULL,
    cancelled_at timestamp(6) with time zone
);

-- Every record below is keyed by its natural key, so a redelivered question never duplicates a result.
CREATE TABLE question (
    run_id        uuid NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    id            varchar(255) NOT NULL,
    batch_id      uuid REFERENCES batch (id) ON DELETE CASCADE,
    text          text NOT NULL,
    corpus        varchar(64) NOT NULL,
    question_type varchar(16) NOT NULL,
    answers       text NOT NULL,
    metadata      jsonb NOT NULL,
    state         varchar(16) NOT NULL,
    error         text,
    received_at   timestamp(6) with time zone NOT NULL,
    completed_at  timestamp(6) with time zone,
    emitted_at    timestamp(6) with time zone,
    PRIMARY KEY (run_id, id)
);
CREATE INDEX question_batch ON question (batch_id, state);

CREATE TABLE context (
    run_id      uuid NOT NULL,
    question_id varchar(255) NOT NULL,
    chunks      text NOT NULL,
    prompt      text NOT NULL,
    prompt_hash varchar(64) NOT NULL,
    created_at  timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (run_id, question_id),
    FOREIGN KEY (run_id, question_id) REFERENCES question (run_id, id) ON DELETE CASCADE
);

CREATE TABLE answer (
    run_id            uuid NOT NULL,
    question_id       varchar(255) NOT NULL,
    variant           varchar(64) NOT NULL,
    status            varchar(16) NOT NULL,
    text              text,
    model             varchar(255),
    finish_reason     varchar(32),
    prompt_tokens     integer,
    completion_tokens integer,
    latency_ms        bigint NOT NULL,
    attempts          integer NOT NULL,
    error             text,
    builtin           boolean NOT NULL,
    prompt_hash       varchar(64),
    created_at        timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (run_id, question_id, variant),
    FOREIGN KEY (run_id, question_id) REFERENCES question (run_id, id) ON DELETE CASCADE
);

CREATE TABLE score (
    run_id             uuid NOT NULL,
    question_id        varchar(255) NOT NULL,
    variant            varchar(64) NOT NULL,
    metric             varchar(64) NOT NULL,
    value              double precision,
    kind               varchar(16) NOT NULL,
    mode               varchar(16),
    samples_requested  integer,
    valid_samples      integer,
    standard_deviation double precision,
    distribution       jsonb,
    judge_variant      varchar(64),
    judge_model        varchar(255),
    prompt_hash        varchar(64),
    steps_version      varchar(32),
    fallback           text,
    error              text,
    requests           integer,
    created_at         timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (run_id, question_id, variant, metric),
    FOREIGN KEY (run_id, question_id) REFERENCES question (run_id, id) ON DELETE CASCADE
);

CREATE TABLE judge_sample (
    run_id       uuid NOT NULL,
    question_id  varchar(255) NOT NULL,
    variant      varchar(64) NOT NULL,
    criterion    varchar(64) NOT NULL,
    sample_index integer NOT NULL,
    reply        text,
    score        double precision,
    PRIMARY KEY (run_id, question_id, variant, criterion, sample_index),
    FOREIGN KEY (run_id, question_id) REFERENCES question (run_id, id) ON DELETE CASCADE
);
