-- Warehouses created before findings carried their printed context gain the column.
ALTER TABLE findings ADD COLUMN IF NOT EXISTS context VARCHAR;
