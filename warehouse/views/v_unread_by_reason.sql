-- Unread cells (extraction gaps) per year, table and kind of reason: a reason's figures
-- ("2 values where the row has 7 columns") become N, so one kind is one row.
CREATE OR REPLACE VIEW v_unread_by_reason AS
SELECT
    year,
    table_code,
    regexp_replace(reason, '[0-9]+', 'N', 'g') AS reason,
    count(*) AS n_cells,
    count(DISTINCT report_id) AS n_reports
FROM unread_cells
GROUP BY ALL;
