-- After a year's load: the files it read (registered as loaded_files) are processed, with
-- this parser version and run. Matched on content too, so a file that changed after it was
-- read keeps no stamp and its year stays stale.
UPDATE catalogue
SET last_processed = $now, parser_version = $parser_version, run_id = $run_id
WHERE EXISTS (
    SELECT 1 FROM loaded_files AS f
    WHERE f.source = catalogue.source AND f.sha256 = catalogue.sha256
);
