-- v_identity_diffs for one year's reports: what the GX suite warehouse_identities reads
-- (gx_inputs.write_inputs splits them into parts of whole reports). Parameter: $year.
SELECT *
FROM v_identity_diffs
WHERE year = $year
