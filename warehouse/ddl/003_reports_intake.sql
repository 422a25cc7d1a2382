-- Every input file is one reports row, so a second copy of a file and two reports of one
-- agency and year are rows too; these columns say how they relate (pipeline.intake):
--   duplicate_of   the source of the earlier input with the same bytes; such a row is
--                  'rejected' and has no cells (its content is stored under that source);
--   conflict_with  comma-separated report_ids of the other, different reports of the same
--                  agency and year; both are kept for a person to decide.
ALTER TABLE reports ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR;
ALTER TABLE reports ADD COLUMN IF NOT EXISTS conflict_with VARCHAR;
