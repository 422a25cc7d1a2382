-- Cells of the year's reports the parser could not read, per table and kind of reason, most
-- first: extraction gaps (ours), not the agencies' errors. The 20 largest kinds are listed.
SELECT table_code, reason, n_cells, n_reports
FROM v_unread_by_reason
WHERE year = $year
ORDER BY n_cells DESC, table_code, reason
LIMIT 20;
