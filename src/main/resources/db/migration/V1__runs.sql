CREATE TABLE run (
    id         uuid PRIMARY KEY,
    name       varchar(255) NOT NULL,
    created_at timestamp(6) with time zone NOT NULL
);
