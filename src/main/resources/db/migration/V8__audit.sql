-- Who changed what, when: every request that changes or deletes something, accepted or refused.
CREATE TABLE audit (
    id       bigserial PRIMARY KEY,
    at       timestamp(6) with time zone NOT NULL DEFAULT now(),
    actor    varchar(255) NOT NULL,
    method   varchar(16) NOT NULL,
    path     varchar(2048) NOT NULL,
    status   integer NOT NULL
);
CREATE INDEX audit_at ON audit (at DESC);
