-- Step 1 of evaluate_cross_year: the year's cross-year findings go, so a re-run replaces
-- them (within-report findings of the year stay; replace_year owns those).
DELETE FROM findings
WHERE year = $year AND rule_id LIKE 'cross_year.%'
