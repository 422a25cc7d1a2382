-- Every failing finding of one year with its report's source file and era, ordered so the
-- page reads report by report, errors first. not_assessable findings are not failures:
-- they are counted in the rule summary only. LEFT JOIN: a finding whose report row is
-- missing (checks/reports_accounted.sql flags it) is still shown.
SELECT
    f.report_id,
    coalesce(f.agency, r.agency) AS agency,
    r.source,
    r.era,
    r.status AS report_status,
    f.rule_id,
    f.severity,
    f.scope,
    f.message,
    f.expected,
    f.actual,
    f.cells,
    f.lines,
    f.context
FROM findings AS f
LEFT JOIN reports AS r ON r.report_id = f.report_id
WHERE f.year = $year AND f.status = 'fail'
ORDER BY
    agency NULLS LAST,
    r.source NULLS LAST,
    f.report_id,
    CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 WHEN 'info' THEN 2 ELSE 3 END,
    f.rule_id,
    f.scope,
    f.message;
