-- Reports per status of each rule in one year, from v_rule_pass_rate so that the report
-- and every other consumer share one definition of the pass rate (over assessable
-- reports only; NULL when nothing was assessable).
SELECT rule_id, n_pass, n_fail, n_not_assessable, pass_rate
FROM v_rule_pass_rate
WHERE year = $year
ORDER BY rule_id;
