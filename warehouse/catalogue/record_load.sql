-- The inputs digest of each scope a load covered (registered as loaded_scopes).
INSERT INTO input_loads (scope, inputs_hash, parser_version, n_files, run_id, loaded_at)
SELECT scope, inputs_hash, $parser_version, n_files, $run_id, $now
FROM loaded_scopes
ON CONFLICT (scope) DO UPDATE SET
    inputs_hash = excluded.inputs_hash,
    parser_version = excluded.parser_version,
    n_files = excluded.n_files,
    run_id = excluded.run_id,
    loaded_at = excluded.loaded_at;
