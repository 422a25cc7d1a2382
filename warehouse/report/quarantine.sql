-- Every quarantined (rejected) file; quarantine has no year, a file is rejected whatever
-- year it might be of.
SELECT source, reason, sha256, first_seen
FROM quarantine
ORDER BY source, sha256;
