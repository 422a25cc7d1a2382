-- Every identity equation of the rule catalogue evaluated on every report:
-- diff = sum(lhs terms) - sum(rhs terms), which must be 0.
-- A report's variant picks its equations from identity_terms: gov2019 reports use the
-- 2019 grid; a gov2021 report that printed the 2019-style single （六）其他处理 row
-- (row_code 'other') uses gov2021_single_other. pre2019 reports have no statutory grid
-- and rejected reports no cells, so neither appears here.
-- A scope with any term absent or NULL (blank, 「/」, 「—」) is not_assessable, never a
-- pass or a failure; its diff is NULL so nobody mistakes a partial sum for a result.
-- lhs and rhs are the sums of the terms that are present, for diagnosis.
CREATE OR REPLACE VIEW v_identity_diffs AS
WITH report_variant AS (
    SELECT
        r.report_id,
        r.year,
        r.agency,
        r.era,
        CASE
            WHEN r.era = 'gov2019' THEN 'gov2019'
            WHEN EXISTS (
                SELECT 1 FROM fact_cells AS c
                WHERE c.report_id = r.report_id AND c.table_code = 't3' AND c.row_code = 'other'
            ) THEN 'gov2021_single_other'
            ELSE 'gov2021'
        END AS variant
    FROM reports AS r
    WHERE r.era IN ('gov2021', 'gov2019') AND r.status <> 'rejected'
),
-- How many terms each equation of a variant has.
scopes AS (
    SELECT variant, rule_id, scope, count(*) AS n_terms
    FROM identity_terms
    GROUP BY variant, rule_id, scope
),
-- The terms a report printed, summed per equation: its cells joined to its variant's
-- terms. Building every report's every term first and then joining the cells to them
-- (3.5 million rows on a year of 10,000 reports) took 4.9 s there; this takes 0.6.
present AS (
    SELECT
        rv.report_id,
        rv.year,
        t.rule_id,
        t.scope,
        sum(c.value) FILTER (WHERE t.side = 'lhs') AS lhs,
        sum(c.value) FILTER (WHERE t.side = 'rhs') AS rhs,
        count(c.value) AS n_present
    FROM report_variant AS rv
    JOIN fact_cells AS c
        ON c.report_id = rv.report_id AND c.year IS NOT DISTINCT FROM rv.year
    JOIN identity_terms AS t
        ON t.variant = rv.variant
        AND t.table_code = c.table_code
        AND t.row_code = c.row_code
        AND t.col_code = c.col_code
    GROUP BY rv.report_id, rv.year, t.rule_id, t.scope
),
-- Every equation of every report, with what it printed of it (nothing: n_present = 0).
sums AS (
    SELECT
        rv.report_id,
        rv.year,
        rv.agency,
        rv.era,
        rv.variant,
        s.rule_id,
        s.scope,
        coalesce(p.lhs, u.lhs, 0) AS lhs,
        coalesce(p.rhs, u.rhs, 0) AS rhs,
        s.n_terms,
        coalesce(p.n_present, u.n_present, 0) AS n_present
    FROM report_variant AS rv
    JOIN scopes AS s ON s.variant = rv.variant
    -- The year by equality, so that a query of one year (WHERE year = N) reads that year's
    -- cells only. Equality never matches a NULL year: those reports are joined as `u`.
    LEFT JOIN present AS p
        ON p.report_id = rv.report_id AND p.year = rv.year AND p.rule_id = s.rule_id AND p.scope = s.scope
    LEFT JOIN present AS u
        ON u.year IS NULL AND u.report_id = rv.report_id AND u.rule_id = s.rule_id AND u.scope = s.scope
)
SELECT
    *,
    -- >=, not =: a cell stored twice (which fact_cells_key_unique reports) is summed twice.
    CASE WHEN n_present >= n_terms THEN lhs - rhs END AS diff,
    CASE
        WHEN n_present < n_terms THEN 'not_assessable'
        WHEN diff = 0 THEN 'pass'
        ELSE 'fail'
    END AS status
FROM sums;
