-- Every report of year $year with its agency key and the report of the same key in year
-- $year - 1, if there is exactly one. cross_year_keys (report_id, agency_key) is registered
-- by warehouse.cross_year from pipeline.agency.agency_key; agency_key is NULL when the
-- printed name could not be read. Rejected files are not reports and take no part.
-- match: matched | unmatched (no key) | no_previous | ambiguous (several N-1 reports).
WITH keyed AS (
    SELECT r.report_id, r.year, r.agency, r.era, r.n_missing, k.agency_key
    FROM reports AS r
    JOIN cross_year_keys AS k ON k.report_id = r.report_id
    WHERE r.year IN ($year, $year - 1) AND r.status <> 'rejected'
),
prev AS (
    SELECT
        agency_key,
        count(*) AS n_prev,
        -- Meaningful only when n_prev = 1 (a matched pair); min() keeps it deterministic.
        min(report_id) AS prev_report_id,
        min(agency) AS prev_agency,
        min(era) AS prev_era,
        min(n_missing) AS prev_n_missing
    FROM keyed
    WHERE year = $year - 1 AND agency_key IS NOT NULL
    GROUP BY agency_key
)
SELECT
    c.report_id,
    c.agency,
    c.agency_key,
    c.era,
    c.n_missing,
    coalesce(p.n_prev, 0) AS n_prev,
    CASE WHEN p.n_prev = 1 THEN p.prev_report_id END AS prev_report_id,
    CASE WHEN p.n_prev = 1 THEN p.prev_agency END AS prev_agency,
    CASE WHEN p.n_prev = 1 THEN p.prev_era END AS prev_era,
    CASE WHEN p.n_prev = 1 THEN p.prev_n_missing END AS prev_n_missing,
    (SELECT count(*) FROM keyed WHERE year = $year - 1 AND agency_key IS NULL) AS n_prev_unmatched,
    CASE
        WHEN c.agency_key IS NULL THEN 'unmatched'
        WHEN p.n_prev IS NULL THEN 'no_previous'
        WHEN p.n_prev > 1 THEN 'ambiguous'
        ELSE 'matched'
    END AS match
FROM keyed AS c
LEFT JOIN prev AS p ON p.agency_key = c.agency_key
WHERE c.year = $year
ORDER BY c.report_id
