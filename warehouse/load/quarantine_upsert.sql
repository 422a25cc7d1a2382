-- Rejected files are upserted by sha256: first_seen is kept from the first load that
-- rejected the file; source, reason and run_id follow the latest one. GROUP BY
-- because ON CONFLICT DO UPDATE may not touch one key twice in one statement.
INSERT INTO quarantine (sha256, source, reason, first_seen, run_id)
SELECT sha256, any_value(source), any_value(reason), $seen_at, $run_id
FROM incoming_reports
WHERE status = 'rejected'
GROUP BY sha256
ON CONFLICT (sha256) DO UPDATE SET
    source = excluded.source,
    reason = excluded.reason,
    run_id = excluded.run_id;
