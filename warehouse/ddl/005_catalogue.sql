-- The landing zone's catalogue and the record of which inputs each year was loaded from.
-- Written by warehouse/catalogue.py (the report_catalogue asset, `nianbao backfill`).

-- One row per file ever seen in the inbox, keyed by its path relative to the inbox (so a
-- moved inbox keeps its history). A file that disappears keeps its row, flagged removed:
-- its reports stay in the warehouse until its year is loaded again.
CREATE TABLE IF NOT EXISTS catalogue (
    path           VARCHAR PRIMARY KEY,  -- relative to the inbox, '/'-separated
    source         VARCHAR NOT NULL,     -- the path the pipeline reads: reports.source
    size           BIGINT NOT NULL,
    mtime_ns       BIGINT NOT NULL,      -- with size, tells an untouched file without hashing it
    sha256         VARCHAR NOT NULL,
    year           BIGINT,               -- read from the text, never the path; NULL if unreadable
    agency         VARCHAR,
    era            VARCHAR,
    status         VARCHAR,              -- parsed | partial | rejected, when identified
    first_seen     TIMESTAMP NOT NULL,
    last_seen      TIMESTAMP NOT NULL,
    removed        BOOLEAN NOT NULL,
    removed_at     TIMESTAMP,
    last_processed TIMESTAMP,            -- when this content was last loaded into the warehouse,
    parser_version VARCHAR,              -- by which parser version,
    run_id         VARCHAR               -- and by which run (NULL: not loaded since it changed)
);

-- One row per scope (a report year such as '2021', or 'undated' for files whose year could
-- not be read): a digest of the (source, sha256) pairs and parser version it was last
-- loaded from. A year whose current inputs digest differs is stale; an equal one is done.
CREATE TABLE IF NOT EXISTS input_loads (
    scope          VARCHAR PRIMARY KEY,
    inputs_hash    VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    n_files        BIGINT NOT NULL,
    run_id         VARCHAR,
    loaded_at      TIMESTAMP NOT NULL
);
