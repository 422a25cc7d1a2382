-- Step 1 of replace_year: remove what the new load replaces. Every statement takes
-- $year. Rows are removed by year and also by report_id of every incoming report,
-- so a report whose year changed between parser versions, or a rejected file with
-- no year at all (reports.year IS NULL), never ends up stored twice.
DELETE FROM fact_cells
WHERE year = $year OR report_id IN (SELECT report_id FROM incoming_reports);

DELETE FROM findings
WHERE year = $year OR report_id IN (SELECT report_id FROM incoming_reports);

DELETE FROM rule_results
WHERE year = $year OR report_id IN (SELECT report_id FROM incoming_reports);

DELETE FROM sections
WHERE year = $year OR report_id IN (SELECT report_id FROM incoming_reports);

DELETE FROM unread_cells
WHERE year = $year OR report_id IN (SELECT report_id FROM incoming_reports);

-- reports are matched on sha256, the identity of the input file (contracts.md).
DELETE FROM reports
WHERE year = $year OR sha256 IN (SELECT sha256 FROM incoming_reports);
