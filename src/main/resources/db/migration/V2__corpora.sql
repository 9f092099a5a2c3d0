-- A corpus: its chunking and embedding model are fixed when it is created (its index depends on them).
CREATE TABLE corpus (
    id              varchar(64) PRIMARY KEY,
    chunk_size      integer NOT NULL,
    chunk_overlap   integer NOT NULL,
    embedding_model varchar(255) NOT NULL,
    dimensions      integer NOT NULL,
    created_at      timestamp(6) with time zone NOT NULL
);

-- One load of a file into a corpus; a corpus may take several, one at a time.
CREATE TABLE ingestion (
    id             uuid PRIMARY KEY,
    corpus_id      varchar(64) NOT NULL REFERENCES corpus (id) ON DELETE CASCADE,
    format         varchar(32) NOT NULL,
    source         text NOT NULL,
    status         varchar(16) NOT NULL,
    bytes_total    bigint NOT NULL,
    bytes_read     bigint NOT NULL,
    source_records bigint NOT NULL,
    documents      bigint NOT NULL,
    questions      bigint NOT NULL,
    chunks         bigint NOT NULL,
    failed_chunks  bigint NOT NULL,
    malformed      bigint NOT NULL,
    problems       jsonb NOT NULL,
    error          text,
    started_at     timestamp(6) with time zone NOT NULL,
    finished_at    timestamp(6) with time zone
);
CREATE INDEX ingestion_corpus ON ingestion (corpus_id, started_at);

-- The questions a dataset brought, with their references: the material of evaluations and experiments.
CREATE TABLE corpus_question (
    corpus_id         varchar(64) NOT NULL REFERENCES corpus (id) ON DELETE CASCADE,
    id                varchar(255) NOT NULL,
    text              text NOT NULL,
    type              varchar(16) NOT NULL,
    answers           jsonb NOT NULL,
    gold_document_ids jsonb NOT NULL,
    metadata          jsonb NOT NULL,
    PRIMARY KEY (corpus_id, id)
);
