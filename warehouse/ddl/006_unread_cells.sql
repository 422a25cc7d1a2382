-- Cells the parser saw but could not read with certainty, one row each, with the reason
-- (glued digits that split more than one way, a row cut off by the end of the file, ...).
-- These are extraction gaps, ours: a value here is absent from fact_cells, never a blank
-- there, and a rule that needs it is not_assessable. Replaced per year with fact_cells.
CREATE TABLE IF NOT EXISTS unread_cells (
    report_id   VARCHAR NOT NULL,
    year        BIGINT,
    agency      VARCHAR,
    table_code  VARCHAR NOT NULL,
    row_code    VARCHAR NOT NULL,
    col_code    VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    line        BIGINT,
    run_id      VARCHAR
);
