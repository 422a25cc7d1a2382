-- Failing rows: identity equations of the rule catalogue (t3.row_total,
-- t3.results_sum, t3.balance, t4.group_total) that do not hold in a report of the
-- given year. Usually a finding about the agency's own numbers rather than a
-- pipeline fault (kind: source), so callers should not block on it. Parameter: $year.
SELECT *
FROM v_identity_diffs
WHERE year = $year AND status = 'fail'
ORDER BY report_id, rule_id, scope;
