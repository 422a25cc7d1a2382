-- The reports rows a load wrote: one per input file it was given (pipeline.intake).
-- Parameter: $run_id (the run_id replace_year stamped on its rows).
SELECT sha256, source, status, duplicate_of
FROM reports
WHERE run_id = $run_id
ORDER BY source;
