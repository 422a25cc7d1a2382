-- Exported extraction gaps: the cells of the year that could not be read, and why.
SELECT * FROM unread_cells
WHERE $year IS NULL OR year = $year
ORDER BY year, report_id, table_code, row_code, col_code, line;
