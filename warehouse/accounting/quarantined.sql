-- Every quarantined content, by sha256 (the quarantine table's key).
SELECT sha256
FROM quarantine
ORDER BY sha256;
