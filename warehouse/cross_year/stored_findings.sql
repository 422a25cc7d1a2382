-- The cross-year findings stored for year $year (fail and not_assessable), with agency.
SELECT report_id, agency, rule_id, severity, status, scope, expected, actual, lines, message
FROM findings
WHERE year = $year AND rule_id LIKE 'cross_year.%'
ORDER BY report_id, rule_id, scope
