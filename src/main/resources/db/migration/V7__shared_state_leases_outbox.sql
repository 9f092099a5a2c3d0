-- Several instances share one database: everything another instance needs lives here.

-- Every instance of the service. A lease names its owner; it holds while the owner's heartbeat is recent.
CREATE TABLE instance (
    id           uuid PRIMARY KEY,
    host         varchar(255) NOT NULL,
    started_at   timestamp(6) with time zone NOT NULL,
    heartbeat_at timestamp(6) with time zone NOT NULL
);

-- A run freezes the definitions of its variants and of its judge when it is created: later edits of a
-- variant never rewrite its history. Runs created before carry the definitions their variants have now.
CREATE FUNCTION pg_temp.definition(v variant) RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'name', v.name,
        'role', CASE v.role WHEN 'BASE' THEN 'base' ELSE 'fine-tuned' END,
        'baseVariant', v.base_variant,
        'kind', CASE v.kind WHEN 'OPENAI' THEN 'openai' WHEN 'BUILTIN_EXTRACTIVE' THEN 'builtin-extractive'
                ELSE 'builtin-tuned' END,
        'endpoint', v.endpoint,
        'model', v.model,
        'apiKeyRef', v.api_key_ref,
        'parameters', jsonb_strip_nulls(jsonb_build_object('temperature', v.temperature, 'maxTokens', v.max_tokens,
                'seed', v.seed)),
        'maxConcurrentRequests', v.max_concurrent_requests,
        'fineTuning', CASE WHEN v.role = 'FINE_TUNED' OR v.train_size IS NOT NULL THEN jsonb_strip_nulls(jsonb_build_object(
                'trainSize', v.train_size, 'method', v.fine_tuning_method, 'epochs', v.epochs,
                'effectiveBatchSize', v.effective_batch_size, 'loraRank', v.lora_rank, 'loraAlpha', v.lora_alpha,
                'trainingDataId', v.training_data_id)) END))
$$;

UPDATE run r SET variants = coalesce((
    SELECT jsonb_agg(pg_temp.definition(v) ORDER BY named.position)
    FROM jsonb_array_elements_text(r.variants::jsonb) WITH ORDINALITY AS named(name, position)
    JOIN variant v ON v.name = named.name), '[]'::jsonb)::text;

ALTER TABLE run ADD COLUMN judge text;
UPDATE run r SET judge = (SELECT pg_temp.definition(v)::text FROM variant v WHERE v.name = r.judge_variant);
ALTER TABLE run DROP COLUMN judge_variant;

-- The question table is the work queue: a question is PENDING until an instance leases it, RUNNING under
-- its lease, and taken over by another instance when the owner's heartbeat stops.
ALTER TABLE question ADD COLUMN lease_owner uuid;
ALTER TABLE question ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE question DROP COLUMN emitted_at;
CREATE INDEX question_unfinished ON question (received_at) WHERE state IN ('PENDING', 'RUNNING');
CREATE INDEX question_run_state ON question (run_id, state);

-- Records for Kafka, written in the same transaction as the results they carry; a relay publishes them in
-- id order and deletes them once the broker has them.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    topic      varchar(255) NOT NULL,
    record_key varchar(255) NOT NULL,
    payload    text NOT NULL,
    headers    text,
    created_at timestamp(6) with time zone NOT NULL DEFAULT now()
);

-- Ingestions and experiment preparations are leased too: another instance resumes them.
ALTER TABLE ingestion ADD COLUMN lease_owner uuid;
ALTER TABLE ingestion ADD COLUMN path text;
ALTER TABLE ingestion ADD COLUMN staged boolean NOT NULL DEFAULT false;
ALTER TABLE ingestion ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;
ALTER TABLE ingestion ADD COLUMN attempts integer NOT NULL DEFAULT 0;

ALTER TABLE experiment ADD COLUMN lease_owner uuid;
-- Ingestions interrupted before leases existed cannot be resumed (their file was not recorded).
UPDATE ingestion SET status = 'FAILED', finished_at = coalesce(finished_at, now()),
    error = coalesce(error, 'the service stopped while this ingestion ran; ingest the same file again to complete it')
    WHERE status IN ('RUNNING', 'INTERRUPTED');
-- One ingestion at a time per corpus, whichever instance runs it.
CREATE UNIQUE INDEX ingestion_one_running ON ingestion (corpus_id) WHERE status = 'RUNNING';
