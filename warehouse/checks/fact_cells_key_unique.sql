-- Failing rows: cells stored more than once for one report in the given year.
-- A (report_id, table_code, row_code, col_code) key holds one printed value; a
-- duplicate means a parser bug or a double load, and would double-count in
-- v_identity_diffs. Parameter: $year.
WITH duplicated AS (
    -- The keys first, then the values of the duplicated ones only: a list for each of a
    -- year's 2 million keys took half the time.
    SELECT report_id, table_code, row_code, col_code, count(*) AS n_rows
    FROM fact_cells
    WHERE year = $year
    GROUP BY report_id, table_code, row_code, col_code
    HAVING count(*) > 1
)
SELECT
    report_id,
    table_code,
    row_code,
    col_code,
    d.n_rows,
    list(c.value ORDER BY c.value) AS values
FROM duplicated AS d
JOIN fact_cells AS c USING (report_id, table_code, row_code, col_code)
WHERE c.year = $year
GROUP BY report_id, table_code, row_code, col_code, d.n_rows
ORDER BY report_id, table_code, row_code, col_code;
