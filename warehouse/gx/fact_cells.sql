-- The fact_cells columns the GX suite fact_cells reads, for one part of one year's reports.
-- Parts split by report (every expectation, uniqueness of the cell key included, holds within
-- a report), so each part can be validated alone. Parameters: $year, $parts, $part.
SELECT report_id, year, era, table_code, row_code, col_code, raw, value
FROM fact_cells
WHERE year = $year AND hash(report_id) % $parts = $part
