-- The printed agency names of years $year and $year - 1, to be keyed in Python
-- (pipeline.agency.agency_key). Rejected files are not reports.
SELECT report_id, agency
FROM reports
WHERE year IN ($year, $year - 1) AND status <> 'rejected'
ORDER BY report_id
