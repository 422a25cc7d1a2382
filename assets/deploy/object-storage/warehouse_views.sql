-- The warehouse read from per-year Parquet on object storage, for DuckDB readers (analysts,
-- the quality report) once the warehouse has outgrown one DuckDB file (README "Beyond one
-- machine").
--
-- Layout, one folder per report year, written by `nianbao export --format parquet --year Y
-- --out ROOT/year=Y` after the year's load (a year is replaced by writing its folder anew):
--     ROOT/year=2021/reports.parquet, fact_cells.parquet, findings.parquet,
--                    rule_results.parquet, quarantine.parquet
-- Every file carries its year column, so no hive partitioning is needed to read it back.
--
-- Before running this file in a DuckDB session:
--     INSTALL httpfs; LOAD httpfs;                          -- for s3:// (or gcs://, az://)
--     CREATE SECRET (TYPE s3, PROVIDER credential_chain);   -- credentials from the environment
--     SET VARIABLE nianbao_root = 's3://nianbao-warehouse/v1';
-- Views, not tables: each query lists the year folders again, so a year reloaded by another
-- machine is read as soon as its files are in place.

CREATE OR REPLACE VIEW reports AS
SELECT * FROM read_parquet(getvariable('nianbao_root') || '/year=*/reports.parquet', union_by_name = true);

CREATE OR REPLACE VIEW fact_cells AS
SELECT * FROM read_parquet(getvariable('nianbao_root') || '/year=*/fact_cells.parquet', union_by_name = true);

CREATE OR REPLACE VIEW findings AS
SELECT * FROM read_parquet(getvariable('nianbao_root') || '/year=*/findings.parquet', union_by_name = true);

CREATE OR REPLACE VIEW rule_results AS
SELECT * FROM read_parquet(getvariable('nianbao_root') || '/year=*/rule_results.parquet', union_by_name = true);

-- Every year's export holds the whole quarantine table: one row per rejected file.
CREATE OR REPLACE VIEW quarantine AS
SELECT DISTINCT ON (sha256) *
FROM read_parquet(getvariable('nianbao_root') || '/year=*/quarantine.parquet', union_by_name = true)
ORDER BY sha256, first_seen;
