-- Reports of the given year that share their agency and year with a different report
-- (reports.conflict_with, pipeline.intake.mark_conflicts). Both are kept; a person decides
-- which one holds. Parameter: $year.
SELECT report_id, agency, year, source, conflict_with
FROM reports
WHERE year = $year AND conflict_with IS NOT NULL
ORDER BY agency, report_id;
