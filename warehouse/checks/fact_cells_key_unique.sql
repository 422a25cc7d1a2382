-- Failing rows: cells stored more than once for one report in the given year.
-- A (report_id, table_code, row_code, col_code) key holds one printed value; a
-- duplicate means a parser bug or a double load, and would double-count in
-- v_identity_diffs. Parameter: $year.
SELECT
    report_id,
    table_code,
    row_code,
    col_code,
    count(*) AS n_rows,
    list(value ORDER BY value) AS values
FROM fact_cells
WHERE year = $year
GROUP BY report_id, table_code, row_code, col_code
HAVING count(*) > 1
ORDER BY report_id, table_code, row_code, col_code;
