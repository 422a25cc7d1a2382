-- The fact_cells columns the GX suite fact_cells reads, for one year's reports (gx_inputs.write_inputs
-- splits them into parts of whole reports). Parameter: $year.
SELECT report_id, year, era, table_code, row_code, col_code, raw, value
FROM fact_cells
WHERE year = $year
