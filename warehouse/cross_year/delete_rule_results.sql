-- Step 1 of evaluate_cross_year: the year's cross-year rule results go, so a re-run
-- replaces them (within-report results of the year stay; replace_year owns those).
DELETE FROM rule_results
WHERE year = $year AND rule_id LIKE 'cross_year.%'
