-- A file missing from the scan is flagged, not deleted: its reports stay in the warehouse
-- until its year is loaded again, and the row keeps its history.
UPDATE catalogue
SET removed = true, removed_at = $now
WHERE NOT removed AND path NOT IN (SELECT path FROM incoming_catalogue);
