-- A scan that found every file as catalogued (same path, size and mtime; none new, none
-- gone): the upsert would rewrite each row only to move last_seen. Parameter: $now.
UPDATE catalogue
SET last_seen = $now
WHERE NOT removed;
