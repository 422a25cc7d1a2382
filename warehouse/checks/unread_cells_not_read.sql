-- Failing rows: cells of the given year stored both as read (fact_cells) and as unread
-- (unread_cells). The parser reports a cell one way or the other; both at once means a
-- parser bug or a double load, and a rule could have used a value we said we could not
-- read. Parameter: $year.
SELECT u.report_id, u.table_code, u.row_code, u.col_code, u.reason, c.value
FROM unread_cells AS u
JOIN fact_cells AS c
    ON c.report_id = u.report_id
    AND c.table_code = u.table_code
    AND c.row_code = u.row_code
    AND c.col_code = u.col_code
WHERE u.year = $year AND c.year = $year
ORDER BY u.report_id, u.table_code, u.row_code, u.col_code;
