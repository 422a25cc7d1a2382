-- Exported fact table: one row per canonical cell of the year (all years when $year is NULL).
SELECT * FROM fact_cells
WHERE $year IS NULL OR year = $year
ORDER BY year, report_id, table_code, row_code, col_code, line;
