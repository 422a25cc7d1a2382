-- Exported quarantine: every rejected file. A rejected file usually has no year, so the
-- table is exported whole whatever year is asked for.
SELECT * FROM quarantine
ORDER BY source, sha256;
