-- Exported rule results: one row per (report, rule) of the year (all years when $year is NULL).
SELECT * FROM rule_results
WHERE $year IS NULL OR year = $year
ORDER BY year, report_id, rule_id;
