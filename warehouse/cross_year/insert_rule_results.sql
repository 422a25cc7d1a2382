-- Lineage as in load/insert_rule_results.sql: this evaluation's run_id and the
-- parser_version of the year-N report each result is about.
INSERT INTO rule_results BY NAME
SELECT x.*, $run_id AS run_id, r.parser_version
FROM cross_year_incoming_rule_results AS x
LEFT JOIN (
    SELECT report_id, any_value(parser_version) AS parser_version
    FROM reports
    GROUP BY report_id
) AS r ON r.report_id = x.report_id
