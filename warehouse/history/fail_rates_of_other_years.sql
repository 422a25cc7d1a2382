-- The fail rate (1 - pass_rate of v_rule_pass_rate) of every rule in every report year
-- stored but one: what a rule check compares this year's rate with, to tell a parser
-- regression from agencies' errors. Parameter: $year, the year left out.
SELECT rule_id, year, 1 - pass_rate AS fail_rate
FROM v_rule_pass_rate
WHERE year IS NOT NULL AND year <> $year AND pass_rate IS NOT NULL
ORDER BY rule_id, year
