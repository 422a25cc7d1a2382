-- Core tables of the nianbao warehouse. Idempotent: every statement is IF NOT EXISTS.
-- Columns mirror pipeline/frames.py (*_SCHEMA) plus the lineage columns run_id and
-- parser_version. No primary keys on the fact tables on purpose: duplicates must be
-- loadable so that warehouse/checks/*.sql can report them as failing rows.

CREATE TABLE IF NOT EXISTS reports (
    report_id      VARCHAR NOT NULL,  -- first 16 hex digits of sha256
    source         VARCHAR,
    sha256         VARCHAR NOT NULL,
    year           BIGINT,            -- NULL for files whose year could not be read
    agency         VARCHAR,
    era            VARCHAR,           -- gov2021 | gov2019 | pre2019
    status         VARCHAR NOT NULL,  -- parsed | partial | rejected
    reason         VARCHAR,
    n_cells        BIGINT,
    n_missing      BIGINT,
    parser_version VARCHAR,
    run_id         VARCHAR
);

CREATE TABLE IF NOT EXISTS sections (
    report_id    VARCHAR NOT NULL,
    year         BIGINT,
    section_code VARCHAR NOT NULL,
    line         BIGINT
);

CREATE TABLE IF NOT EXISTS fact_cells (
    report_id      VARCHAR NOT NULL,
    year           BIGINT,
    agency         VARCHAR,
    era            VARCHAR,
    table_code     VARCHAR NOT NULL,  -- t2 | t3 | t4 | legacy
    row_code       VARCHAR NOT NULL,
    col_code       VARCHAR NOT NULL,
    value          DOUBLE,            -- NULL when printed blank, 「/」 or 「—」
    raw            VARCHAR,           -- the printed text, never rescaled
    line           BIGINT,
    unit           VARCHAR,
    origin         VARCHAR,           -- table | prose
    run_id         VARCHAR,
    parser_version VARCHAR
);

CREATE TABLE IF NOT EXISTS findings (
    report_id      VARCHAR NOT NULL,
    year           BIGINT,
    agency         VARCHAR,
    rule_id        VARCHAR NOT NULL,
    severity       VARCHAR,
    status         VARCHAR NOT NULL,
    scope          VARCHAR,
    message        VARCHAR,
    expected       DOUBLE,
    actual         DOUBLE,
    cells          VARCHAR,           -- JSON list of the cells involved
    lines          VARCHAR,           -- comma-separated source lines
    context        VARCHAR,           -- JSON [{line, text}] printed lines around the evidence
    run_id         VARCHAR,
    parser_version VARCHAR
);

CREATE TABLE IF NOT EXISTS rule_results (
    report_id      VARCHAR NOT NULL,
    year           BIGINT,
    agency         VARCHAR,
    rule_id        VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,  -- pass | fail | not_assessable
    run_id         VARCHAR,
    parser_version VARCHAR
);

-- One row per rejected file. first_seen is kept across reloads; source, reason and
-- run_id are those of the latest load that rejected it. A file that later parses is
-- removed again by the loader (load/quarantine_release.sql).
CREATE TABLE IF NOT EXISTS quarantine (
    sha256     VARCHAR PRIMARY KEY,
    source     VARCHAR,
    reason     VARCHAR,
    first_seen TIMESTAMP NOT NULL,
    run_id     VARCHAR
);

-- The catalogue's identity equations expanded to concrete cells, one row per term;
-- filled by warehouse.loader.apply_ddl from pipeline.catalogue.expand_identity.
-- variant: gov2021 | gov2019 | gov2021_single_other (a gov2021 report printing the
-- 2019-style single （六）其他处理 row). side: lhs | rhs.
CREATE TABLE IF NOT EXISTS identity_terms (
    rule_id    VARCHAR NOT NULL,
    variant    VARCHAR NOT NULL,
    scope      VARCHAR NOT NULL,
    table_code VARCHAR NOT NULL,
    row_code   VARCHAR NOT NULL,
    col_code   VARCHAR NOT NULL,
    side       VARCHAR NOT NULL
);
