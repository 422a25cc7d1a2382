-- Lineage as in load/insert_findings.sql: this evaluation's run_id and the parser_version
-- of the year-N report each finding is about.
INSERT INTO findings BY NAME
SELECT x.*, $run_id AS run_id, r.parser_version
FROM cross_year_incoming_findings AS x
LEFT JOIN (
    SELECT report_id, any_value(parser_version) AS parser_version
    FROM reports
    GROUP BY report_id
) AS r ON r.report_id = x.report_id
