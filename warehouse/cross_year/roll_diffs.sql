-- The roll-forward identities between two years of one agency, per matched pair and scope:
-- diff = sum(lhs terms) - sum(rhs terms), which must be 0. cross_year_terms says which cell
-- of which year each term is (year_offset 0 = the report of year N, -1 = its N-1 report)
-- and its sign (in_force_roll subtracts repealed). cross_year_pairs (report_id,
-- prev_report_id) are the matched pairs of pairs.sql that a roll rule applies to. As in
-- v_identity_diffs, a scope with any term absent or NULL (blank, 「/」, 「—」) is
-- not_assessable and has no diff.
-- evidence lists every term's cell (NULL value and line when absent) of a scope that does not
-- pass, for its finding; NULL when the scope passes.
-- Parameter: $year, the year N.
-- MATERIALIZED: the sums and the evidence both read the terms; joined to fact_cells once.
WITH terms AS MATERIALIZED (
    SELECT
        p.report_id,
        t.rule_id,
        t.scope,
        t.term,
        t.side,
        t.sign,
        t.year_offset,
        t.table_code,
        t.row_code,
        t.col_code,
        CASE WHEN t.year_offset = 0 THEN p.report_id ELSE p.prev_report_id END AS cell_report_id,
        c.value,
        c.raw,
        c.line
    FROM cross_year_pairs AS p
    CROSS JOIN cross_year_terms AS t
    LEFT JOIN fact_cells AS c
        ON c.report_id = (CASE WHEN t.year_offset = 0 THEN p.report_id ELSE p.prev_report_id END)
        AND c.table_code = t.table_code
        AND c.row_code = t.row_code
        AND c.col_code = t.col_code
        -- The two years' cells only: fact_cells holds every year, and its zone maps skip the rest.
        AND c.year = $year + t.year_offset
),
sums AS (
    SELECT
        report_id,
        rule_id,
        scope,
        coalesce(sum(sign * value) FILTER (WHERE side = 'lhs'), 0) AS lhs,
        coalesce(sum(sign * value) FILTER (WHERE side = 'rhs'), 0) AS rhs,
        count(*) AS n_terms,
        count(value) AS n_present,
        CASE
            WHEN count(value) < count(*) THEN 'not_assessable'
            WHEN lhs = rhs THEN 'pass'
            ELSE 'fail'
        END AS status
    FROM terms
    GROUP BY report_id, rule_id, scope
),
-- Only a scope that fails or is not assessable shows its cells: building the lists of the
-- passing ones (most of them) too took a fifth of the query, to be thrown away.
-- Sorted after the aggregate, on leading sort keys then dropped: list(... ORDER BY ...)
-- sorted each group apart and took 2 of the query's 3 s on a year of 8,000 pairs.
evidence AS (
    SELECT
        report_id,
        rule_id,
        scope,
        list_transform(
            list_sort(
                list(
                    {
                        'k_side': side,
                        'k_offset': -year_offset,
                        'term': term,
                        'year_offset': year_offset,
                        'report_id': cell_report_id,
                        'table': table_code,
                        'row': row_code,
                        'col': col_code,
                        'value': value,
                        'raw': raw,
                        'line': line
                    }
                )
            ),
            lambda e: {
                'term': e.term,
                'year_offset': e.year_offset,
                'report_id': e.report_id,
                'table': e.table,
                'row': e.row,
                'col': e.col,
                'value': e.value,
                'raw': e.raw,
                'line': e.line
            }
        ) AS evidence
    FROM terms
    SEMI JOIN (SELECT report_id, rule_id, scope FROM sums WHERE status <> 'pass') AS s USING (report_id, rule_id, scope)
    GROUP BY report_id, rule_id, scope
)
SELECT s.*, e.evidence
FROM sums AS s
LEFT JOIN evidence AS e USING (report_id, rule_id, scope)
ORDER BY report_id, rule_id, scope
