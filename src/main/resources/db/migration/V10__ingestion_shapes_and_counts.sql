-- An ingestion may detect its format ('auto' until then), counts documents read again under the same id apart
-- from distinct ones, and fails above its own share of malformed records.
ALTER TABLE ingestion ADD COLUMN format_detected boolean NOT NULL DEFAULT false;
ALTER TABLE ingestion ADD COLUMN duplicate_documents bigint NOT NULL DEFAULT 0;
ALTER TABLE ingestion ADD COLUMN max_malformed_share double precision NOT NULL DEFAULT 0.05;
