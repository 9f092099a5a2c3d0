-- The W3C traceparent of the span a question arrived in (its Kafka record's): the spans of its processing
-- continue that trace on whichever instance takes it up. Null for questions that came without one.
ALTER TABLE question ADD COLUMN trace_parent text;
