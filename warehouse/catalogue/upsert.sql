-- Record the files of a scan (registered as incoming_catalogue). first_seen is kept from the
-- first scan; the processing stamps are kept only while the content is the one they describe.
INSERT INTO catalogue (
    path, source, size, mtime_ns, sha256, year, agency, era, status,
    first_seen, last_seen, removed, removed_at
)
SELECT path, source, size, mtime_ns, sha256, year, agency, era, status, $now, $now, false, NULL
FROM incoming_catalogue
ON CONFLICT (path) DO UPDATE SET
    source = excluded.source,
    size = excluded.size,
    mtime_ns = excluded.mtime_ns,
    sha256 = excluded.sha256,
    year = excluded.year,
    agency = excluded.agency,
    era = excluded.era,
    status = excluded.status,
    last_seen = excluded.last_seen,
    removed = false,
    removed_at = NULL,
    last_processed = CASE WHEN catalogue.sha256 = excluded.sha256 THEN catalogue.last_processed END,
    parser_version = CASE WHEN catalogue.sha256 = excluded.sha256 THEN catalogue.parser_version END,
    run_id = CASE WHEN catalogue.sha256 = excluded.sha256 THEN catalogue.run_id END;
