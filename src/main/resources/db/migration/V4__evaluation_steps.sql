-- G-Eval evaluation steps, written once per criterion by each judge model and reused for every judgement.
CREATE TABLE evaluation_steps (
    criterion      varchar(64) NOT NULL,
    judge_model    varchar(255) NOT NULL,
    criterion_hash varchar(64) NOT NULL,
    steps          text NOT NULL,
    version        varchar(32) NOT NULL,
    created_at     timestamp(6) with time zone NOT NULL,
    PRIMARY KEY (criterion, judge_model, criterion_hash)
);
