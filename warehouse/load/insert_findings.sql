-- Lineage: run_id of this load and the parser_version of the report each row came
-- from (a row without a report keeps NULL; checks/reports_accounted.sql flags it).
INSERT INTO findings BY NAME
SELECT x.*, $run_id AS run_id, v.parser_version
FROM incoming_findings AS x
LEFT JOIN (
    SELECT report_id, any_value(parser_version) AS parser_version
    FROM incoming_reports
    GROUP BY report_id
) AS v ON v.report_id = x.report_id;
