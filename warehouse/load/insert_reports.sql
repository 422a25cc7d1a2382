-- parser_version already travels with each report row (pipeline.frames).
INSERT INTO reports BY NAME
SELECT *, $run_id AS run_id
FROM incoming_reports;
