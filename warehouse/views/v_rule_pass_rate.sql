-- Share of reports passing each rule per year. not_assessable results (missing
-- inputs) are counted but excluded from the rate: they are neither a pass nor a
-- failure (annual-report-spec.yaml, rules). pass_rate is NULL when nothing was
-- assessable.
CREATE OR REPLACE VIEW v_rule_pass_rate AS
SELECT
    year,
    rule_id,
    count(*) FILTER (WHERE status = 'pass')           AS n_pass,
    count(*) FILTER (WHERE status = 'fail')           AS n_fail,
    count(*) FILTER (WHERE status = 'not_assessable') AS n_not_assessable,
    n_pass / nullif(n_pass + n_fail, 0)               AS pass_rate
FROM rule_results
GROUP BY year, rule_id;
