-- Table 4 (行政复议、行政诉讼) in its printed shape: one row per report, the 15 cells of
-- the single `cases` row as columns. Dots in the spec's col codes become '__' so the
-- names need no quoting (review.upheld -> review__upheld).
CREATE OR REPLACE VIEW v_t4_wide AS
SELECT
    report_id,
    year,
    agency,
    era,
    any_value(value) FILTER (WHERE col_code = 'review.upheld')                AS review__upheld,
    any_value(value) FILTER (WHERE col_code = 'review.corrected')             AS review__corrected,
    any_value(value) FILTER (WHERE col_code = 'review.other')                 AS review__other,
    any_value(value) FILTER (WHERE col_code = 'review.pending')               AS review__pending,
    any_value(value) FILTER (WHERE col_code = 'review.total')                 AS review__total,
    any_value(value) FILTER (WHERE col_code = 'suit_direct.upheld')           AS suit_direct__upheld,
    any_value(value) FILTER (WHERE col_code = 'suit_direct.corrected')        AS suit_direct__corrected,
    any_value(value) FILTER (WHERE col_code = 'suit_direct.other')            AS suit_direct__other,
    any_value(value) FILTER (WHERE col_code = 'suit_direct.pending')          AS suit_direct__pending,
    any_value(value) FILTER (WHERE col_code = 'suit_direct.total')            AS suit_direct__total,
    any_value(value) FILTER (WHERE col_code = 'suit_after_review.upheld')     AS suit_after_review__upheld,
    any_value(value) FILTER (WHERE col_code = 'suit_after_review.corrected')  AS suit_after_review__corrected,
    any_value(value) FILTER (WHERE col_code = 'suit_after_review.other')      AS suit_after_review__other,
    any_value(value) FILTER (WHERE col_code = 'suit_after_review.pending')    AS suit_after_review__pending,
    any_value(value) FILTER (WHERE col_code = 'suit_after_review.total')      AS suit_after_review__total
FROM fact_cells
WHERE table_code = 't4' AND row_code = 'cases'
GROUP BY report_id, year, agency, era;
