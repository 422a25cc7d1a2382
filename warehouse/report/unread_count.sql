-- Cells of the year's reports the parser could not read (unread_cells), and their reports.
SELECT count(*) AS n_unread_cells, count(DISTINCT report_id) AS n_unread_reports
FROM unread_cells
WHERE year = $year;
