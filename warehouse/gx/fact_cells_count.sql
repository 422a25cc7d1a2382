-- Rows of fact_cells in one year: how many parts the GX check reads them in. Parameter: $year.
SELECT count(*) FROM fact_cells WHERE year = $year
