-- Every catalogued file, removed ones included: what a new scan of the inbox is compared with.
SELECT path, source, size, mtime_ns, sha256, year, agency, era, status, removed, first_seen
FROM catalogue
ORDER BY path;
