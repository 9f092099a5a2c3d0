-- A live run in shadow mode: its production variant, sampling, error level, drift window and thresholds.
ALTER TABLE run ADD COLUMN shadow text;
-- Live comparisons read a run's completed questions in the order they ended.
CREATE INDEX question_completed ON question (run_id, completed_at) WHERE state = 'COMPLETED';
