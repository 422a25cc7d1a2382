-- Table 3 (收到和处理政府信息公开申请情况) in its printed shape: one row per report and
-- t3 row_code, one column per applicant type. Column order follows
-- annual-report-spec.yaml t3.cols (tests hold them equal). any_value is enough
-- because checks/fact_cells_key_unique.sql guarantees one value per cell.
CREATE OR REPLACE VIEW v_t3_wide AS
SELECT
    report_id,
    year,
    agency,
    era,
    row_code,
    any_value(value) FILTER (WHERE col_code = 'natural_person') AS natural_person,
    any_value(value) FILTER (WHERE col_code = 'commercial')     AS commercial,
    any_value(value) FILTER (WHERE col_code = 'research')       AS research,
    any_value(value) FILTER (WHERE col_code = 'social_org')     AS social_org,
    any_value(value) FILTER (WHERE col_code = 'legal_service')  AS legal_service,
    any_value(value) FILTER (WHERE col_code = 'other_org')      AS other_org,
    any_value(value) FILTER (WHERE col_code = 'total')          AS total
FROM fact_cells
WHERE table_code = 't3'
GROUP BY report_id, year, agency, era, row_code;
