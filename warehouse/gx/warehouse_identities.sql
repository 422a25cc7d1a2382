-- v_identity_diffs for one part of one year's reports (what the GX suite warehouse_identities
-- reads); parts split by report, as in fact_cells.sql. Parameters: $year, $parts, $part.
SELECT *
FROM v_identity_diffs
WHERE year = $year AND hash(report_id) % $parts = $part
ORDER BY report_id, rule_id, scope
