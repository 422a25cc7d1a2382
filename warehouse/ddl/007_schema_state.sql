-- What apply_ddl last applied: a digest of the DDL, the views and the identity terms of the
-- rule catalogue (loader.ddl_digest). A connection that finds the digest of its own code here
-- applies nothing, so the warehouse steps open the file without writing to it.
CREATE TABLE IF NOT EXISTS schema_state (
    digest      VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);
