-- Every t2/t3/t4 cell of a matched pair side by side, summarised per pair: how many cell
-- keys either year has, how many both have, how many are printed with the same value
-- (a blank in both years counts as the same), and how many of those are non-zero.
-- cross_year_pairs (report_id, prev_report_id) are the matched pairs of pairs.sql.
-- evidence: the identical non-zero cells (the ones a copied table gives away), N first; NULL
-- unless every cell is the same.
-- Parameter: $year, the year N.
WITH cur AS (
    SELECT p.report_id, c.table_code, c.row_code, c.col_code, c.value, c.raw, c.line
    FROM cross_year_pairs AS p
    JOIN fact_cells AS c ON c.report_id = p.report_id
    -- fact_cells holds every year: the year filter lets its zone maps skip the others.
    WHERE c.year = $year AND c.table_code IN ('t2', 't3', 't4')
),
prev AS (
    SELECT p.report_id, c.table_code, c.row_code, c.col_code, c.value, c.raw, c.line
    FROM cross_year_pairs AS p
    JOIN fact_cells AS c ON c.report_id = p.prev_report_id
    WHERE c.year = $year - 1 AND c.table_code IN ('t2', 't3', 't4')
),
side_by_side AS (
    SELECT
        coalesce(cur.report_id, prev.report_id) AS report_id,
        coalesce(cur.table_code, prev.table_code) AS table_code,
        coalesce(cur.row_code, prev.row_code) AS row_code,
        coalesce(cur.col_code, prev.col_code) AS col_code,
        cur.table_code IS NOT NULL AND prev.table_code IS NOT NULL AS in_both,
        cur.value IS NOT DISTINCT FROM prev.value AS same,
        cur.value AS value,
        cur.raw AS raw,
        cur.line AS line,
        prev.raw AS prev_raw,
        prev.line AS prev_line
    FROM cur
    FULL OUTER JOIN prev
        ON cur.report_id = prev.report_id
        AND cur.table_code = prev.table_code
        AND cur.row_code = prev.row_code
        AND cur.col_code = prev.col_code
)
SELECT
    report_id,
    count(*) AS n_keys,
    count(*) FILTER (WHERE in_both) AS n_common,
    count(*) FILTER (WHERE in_both AND same) AS n_same,
    count(*) FILTER (WHERE in_both AND same AND value <> 0) AS n_same_nonzero,
    -- Sorted after the aggregate, on leading sort keys then dropped: list(... ORDER BY ...)
    -- sorts each group apart, several times slower. A cell without a line sorts last.
    -- Only a pair whose every cell is the same is a copy and shows them.
    CASE WHEN n_same = n_keys THEN list_transform(
        list_sort(
            list(
                {
                    'k_table': table_code,
                    'k_line': coalesce(line, 2147483647),
                    'k_row': row_code,
                    'k_col': col_code,
                    'table': table_code,
                    'row': row_code,
                    'col': col_code,
                    'value': value,
                    'raw': raw,
                    'line': line,
                    'prev_raw': prev_raw,
                    'prev_line': prev_line
                }
            ) FILTER (WHERE in_both AND same AND value <> 0)
        ),
        lambda e: {
            'table': e.table,
            'row': e.row,
            'col': e.col,
            'value': e.value,
            'raw': e.raw,
            'line': e.line,
            'prev_raw': e.prev_raw,
            'prev_line': e.prev_line
        }
    ) END AS evidence
FROM side_by_side
GROUP BY report_id
ORDER BY report_id
