-- Model variants (base, fine-tuned, built-in) and the last check of each one's endpoint.
-- The API key is never stored: only where to read it (env:, file:, config:).
CREATE TABLE variant (
    name                    varchar(64) PRIMARY KEY,
    role                    varchar(16) NOT NULL,
    base_variant            varchar(64) REFERENCES variant (name),
    kind                    varchar(32) NOT NULL,
    endpoint                varchar(1024),
    model                   varchar(255) NOT NULL,
    api_key_ref             varchar(255),
    temperature             double precision,
    max_tokens              integer,
    seed                    bigint,
    max_concurrent_requests integer NOT NULL,
    train_size              integer,
    fine_tuning_method      varchar(16),
    epochs                  integer,
    effective_batch_size    integer,
    lora_rank               integer,
    lora_alpha              integer,
    training_data_id        varchar(255),
    check_status            varchar(16),
    check_detail            text,
    check_parent            varchar(255),
    checked_at              timestamp(6) with time zone,
    created_at              timestamp(6) with time zone NOT NULL,
    updated_at              timestamp(6) with time zone NOT NULL
);
