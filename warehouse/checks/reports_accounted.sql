-- Failing rows: rows of the given year whose report_id has no row in reports, per
-- table. Every fact must trace back to one input file (its sha256, source and
-- parser status); an orphan means a partial load or a report_id mismatch.
-- Parameter: $year.
WITH orphans AS (
    SELECT 'fact_cells' AS table_name, report_id FROM fact_cells AS x
    WHERE x.year = $year AND NOT EXISTS (SELECT 1 FROM reports AS r WHERE r.report_id = x.report_id)
    UNION ALL
    SELECT 'findings', report_id FROM findings AS x
    WHERE x.year = $year AND NOT EXISTS (SELECT 1 FROM reports AS r WHERE r.report_id = x.report_id)
    UNION ALL
    SELECT 'rule_results', report_id FROM rule_results AS x
    WHERE x.year = $year AND NOT EXISTS (SELECT 1 FROM reports AS r WHERE r.report_id = x.report_id)
    UNION ALL
    SELECT 'sections', report_id FROM sections AS x
    WHERE x.year = $year AND NOT EXISTS (SELECT 1 FROM reports AS r WHERE r.report_id = x.report_id)
)
SELECT table_name, report_id, count(*) AS n_rows
FROM orphans
GROUP BY table_name, report_id
ORDER BY table_name, report_id;
