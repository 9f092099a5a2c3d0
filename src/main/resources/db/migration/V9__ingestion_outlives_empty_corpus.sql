-- An ingestion that loaded nothing removes the empty corpus it created, but its record stays to say why:
-- ingestions no longer cascade with their corpus (deleting a corpus deletes its ingestions explicitly).
ALTER TABLE ingestion DROP CONSTRAINT IF EXISTS ingestion_corpus_id_fkey;
