-- Exported reports: one row per input file of the year (all years when $year is NULL).
SELECT * FROM reports
WHERE $year IS NULL OR year = $year
ORDER BY year NULLS LAST, report_id, sha256;
