-- Exported findings: every failing or not-assessable rule scope of the year (all years when
-- $year is NULL).
SELECT * FROM findings
WHERE $year IS NULL OR year = $year
ORDER BY year, report_id, rule_id, scope, message;
