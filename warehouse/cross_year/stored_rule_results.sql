-- The cross-year rule results stored for year $year: one row per report and rule.
SELECT report_id, agency, rule_id, status
FROM rule_results
WHERE year = $year AND rule_id LIKE 'cross_year.%'
ORDER BY report_id, rule_id
