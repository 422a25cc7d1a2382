-- Rejected files are upserted by sha256: first_seen is kept from the first load that
-- rejected the file; source, reason and run_id follow the latest one. GROUP BY
-- because ON CONFLICT DO UPDATE may not touch one key twice in one statement.
-- A duplicate (duplicate_of set) is a second name for content already recorded under
-- its first name, parsed or quarantined there; its own row in reports says so.
INSERT INTO quarantine (sha256, source, reason, first_seen, run_id)
SELECT sha256, any_value(source), any_value(reason), $seen_at, $run_id
FROM incoming_reports
WHERE status = 'rejected' AND duplicate_of IS NULL
GROUP BY sha256
ON CONFLICT (sha256) DO UPDATE SET
    source = excluded.source,
    reason = excluded.reason,
    run_id = excluded.run_id;
