"""The cross-year rules: each report of year N against the same agency's report of year N-1.

cross_year.carry_over (表三 上年结转 = 上一年 结转下年度, per column), cross_year.in_force_roll
(表二 现行有效 rolled forward by 制发 and 废止, gov2021) and cross_year.copy_paste (every
table value the same as last year's) need two reports, so they run on the warehouse after
both years are loaded. Agencies are matched on pipeline.agency.agency_key; a report whose
agency can't be read is `unmatched`, one with no N-1 report `no_previous`, and both are
stored as not_assessable with that reason, never skipped. SQL: warehouse/cross_year/*.sql.
"""

import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
import polars as pl

from pipeline import frames, spec
from pipeline.agency import agency_key
from pipeline.catalogue import rules_by_id
from pipeline.model import RuleStatus
from warehouse.cross_year_messages import (
    copy_paste_outcome,
    not_matched_message,
    roll_not_applicable,
    roll_outcome,
)
from warehouse.loader import sql

# The roll-forward identities (roll_diffs.sql), then the copy test (copy_paste.sql).
ROLL_RULES = ("cross_year.carry_over", "cross_year.in_force_roll")
RULES = (*ROLL_RULES, "cross_year.copy_paste")
MATCHES = ("matched", "unmatched", "no_previous", "ambiguous")
TERMS_SCHEMA: dict[str, pl.DataType] = {
    "rule_id": pl.String(),
    "scope": pl.String(),
    "term": pl.String(),
    "side": pl.String(),
    "sign": pl.Float64(),
    "year_offset": pl.Int64(),
    "table_code": pl.String(),
    "row_code": pl.String(),
    "col_code": pl.String(),
}
Row = dict[str, Any]
# What roll_outcome needs of a passing roll_diffs row: its status, and no cells to show.
PASSING_SCOPE: Row = {"status": "pass", "evidence": None}


def cross_year_terms() -> pl.DataFrame:
    """Return the terms of the two roll-forward identities, one row per term. Columns: TERMS_SCHEMA.

    carry_over, per t3 column: carried_in(N) = carried_out(N-1) (表三 二、上年结转 and
    四、结转下年度). in_force_roll, per t2 row of 第二十条第（一）项: in_force(N) =
    in_force(N-1) + issued(N) - repealed(N).
    """
    rows: list[Row] = []
    for col in spec.t3_cols():
        rows.append(_term("cross_year.carry_over", col, "carried_in", "lhs", 0, ("t3", "carried_in", col)))
        rows.append(_term("cross_year.carry_over", col, "prev_carried_out", "rhs", -1, ("t3", "carried_out", col)))
    for row in ("regulations", "normative_docs"):
        rows.append(_term("cross_year.in_force_roll", row, "in_force", "lhs", 0, ("t2", row, "in_force")))
        rows.append(_term("cross_year.in_force_roll", row, "prev_in_force", "rhs", -1, ("t2", row, "in_force")))
        rows.append(_term("cross_year.in_force_roll", row, "issued", "rhs", 0, ("t2", row, "issued")))
        rows.append(_term("cross_year.in_force_roll", row, "repealed", "rhs", 0, ("t2", row, "repealed"), -1.0))
    return pl.DataFrame(rows, schema=TERMS_SCHEMA)


def agency_keys_frame(reports: pl.DataFrame) -> pl.DataFrame:
    """Return report_id and agency_key (null when unreadable) for a frame with report_id and agency."""
    keys = [agency_key(name) for name in reports["agency"].to_list()]
    return pl.DataFrame(
        {"report_id": reports["report_id"], "agency_key": keys},
        schema={"report_id": pl.String(), "agency_key": pl.String()},
    )


def match_reports(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Return every report of `year` with its N-1 match (warehouse/cross_year/pairs.sql columns)."""
    names = con.sql(sql("cross_year/agencies"), params={"year": year}).pl()
    with _registered(con, {"cross_year_keys": agency_keys_frame(names)}):
        return con.sql(sql("cross_year/pairs"), params={"year": year}).pl()


def evaluate_cross_year(
    con: duckdb.DuckDBPyConnection, year: int, run_id: str, pairs: pl.DataFrame | None = None
) -> dict[str, int]:
    """Evaluate the cross-year rules on every report of `year` and replace their stored results.

    Writes one rule_results row per (report, rule) and a findings row per failing or
    not-assessable scope, replacing the year's cross_year.* rows in one transaction.
    `pairs` is match_reports(con, year) if the caller has it already.
    Returns counts: reports per match kind, rule results per status, rows written.
    """
    pairs = match_reports(con, year) if pairs is None else pairs
    matched = pairs.filter(pl.col("match") == "matched")
    # The roll rules' cells are summed only for the pairs one of them applies to: the others
    # are not_assessable whatever their cells say, and were most of a pre-2019 year's query.
    rolls = [any(roll_not_applicable(r, p, year) is None for r in ROLL_RULES) for p in matched.iter_rows(named=True)]
    rolled = matched.filter(pl.Series(rolls, dtype=pl.Boolean))
    keys = ["report_id", "prev_report_id"]
    with _registered(con, {"cross_year_pairs": rolled.select(keys), "cross_year_terms": cross_year_terms()}):
        diffs = con.sql(sql("cross_year/roll_diffs"), params={"year": year}).pl()
    with _registered(con, {"cross_year_pairs": matched.select(keys)}):
        copies = con.sql(sql("cross_year/copy_paste"), params={"year": year}).pl()
    findings, results = _outcomes(year, pairs, diffs, copies)
    findings_df = pl.DataFrame(findings, schema=frames.FINDINGS_SCHEMA)
    results_df = pl.DataFrame(results, schema=frames.RULE_RESULTS_SCHEMA)
    _write(con, year, run_id, findings_df, results_df)
    counts = {f"reports_{m}": int((pairs["match"] == m).sum()) for m in MATCHES}
    counts |= {f"n_{s}": int((results_df["status"] == s).sum()) for s in ("pass", "fail", "not_assessable")}
    return {"reports": pairs.height, **counts, "rule_results": results_df.height, "findings": findings_df.height}


def stored_results(con: duckdb.DuckDBPyConnection, year: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return the cross-year (findings, rule_results) stored for `year`.

    Columns: warehouse/cross_year/stored_findings.sql and stored_rule_results.sql.
    """
    params = {"year": year}
    return (
        con.sql(sql("cross_year/stored_findings"), params=params).pl(),
        con.sql(sql("cross_year/stored_rule_results"), params=params).pl(),
    )


def _term(rule: str, scope: str, term: str, side: str, offset: int, key: spec.CellKey, sign: float = 1.0) -> Row:
    table, row, col = key
    return {
        "rule_id": rule,
        "scope": scope,
        "term": term,
        "side": side,
        "sign": sign,
        "year_offset": offset,
        "table_code": table,
        "row_code": row,
        "col_code": col,
    }


def _outcomes(year: int, pairs: pl.DataFrame, diffs: pl.DataFrame, copies: pl.DataFrame) -> tuple[list[Row], list[Row]]:
    """Return (findings rows, rule_results rows) of every report of the year and rule."""
    rules = rules_by_id()
    # One pass over the rows: a group_by loop (a frame per group) cost 2 s on 8,600 reports.
    # A passing scope adds only its status, so the passing rows (most) are counted, not made
    # into dicts: a third of this function's time on 84,000 rows.
    diffs_by: dict[tuple[str, str], list[Row]] = defaultdict(list)
    passing = diffs["status"] == "pass"
    for row in diffs.filter(~passing).iter_rows(named=True):
        diffs_by[row["report_id"], row["rule_id"]].append(row)
    for report_id, rule_id, n in diffs.filter(passing).group_by("report_id", "rule_id").len().iter_rows():
        diffs_by[report_id, rule_id].extend([PASSING_SCOPE] * n)
    copies_by = {row["report_id"]: row for row in copies.iter_rows(named=True)}
    findings: list[Row] = []
    results: list[Row] = []
    for pair in pairs.iter_rows(named=True):
        for rule_id in RULES:
            if pair["match"] != "matched":
                status: RuleStatus = "not_assessable"
                found = [{"status": status, "message": not_matched_message(pair, year), "scope": ""}]
            elif rule_id == "cross_year.copy_paste":
                status, found = copy_paste_outcome(pair, copies_by.get(pair["report_id"]), year)
            else:
                status, found = roll_outcome(rule_id, pair, diffs_by.get((pair["report_id"], rule_id), []), year)
            base = {"report_id": pair["report_id"], "year": year, "agency": pair["agency"], "rule_id": rule_id}
            results.append({**base, "status": status})
            findings.extend(_finding_row(base, rules[rule_id].severity, f) for f in found)
    return findings, results


def _finding_row(base: Row, severity: str, found: Row) -> Row:
    cells: list[Row] = found.get("cells", [])
    # `lines` are the year-N report's lines, like every finding's; the N-1 cells carry
    # their own year and line in `cells`, and the message names both.
    lines = [str(c["line"]) for c in cells if c.get("year") == base["year"] and c.get("line") is not None]
    return {
        **base,
        "severity": severity,
        "status": found["status"],
        "scope": found["scope"],
        "message": found["message"],
        "expected": found.get("expected"),
        "actual": found.get("actual"),
        "cells": json.dumps(cells, ensure_ascii=False),
        "lines": ",".join(dict.fromkeys(lines)),
        # The warehouse keeps no report text, so there are no printed lines to quote here.
        "context": "[]",
    }


def _write(
    con: duckdb.DuckDBPyConnection, year: int, run_id: str, findings: pl.DataFrame, results: pl.DataFrame
) -> None:
    """Replace the year's cross_year.* findings and rule results in one transaction."""
    incoming = {"cross_year_incoming_findings": findings, "cross_year_incoming_rule_results": results}
    with _registered(con, incoming):
        con.begin()
        try:
            for name in ("delete_findings", "delete_rule_results"):
                con.execute(sql(f"cross_year/{name}"), {"year": year}).fetchall()
            for name in ("insert_findings", "insert_rule_results"):
                con.execute(sql(f"cross_year/{name}"), {"run_id": run_id}).fetchall()
            con.commit()
        except BaseException:
            con.rollback()
            raise


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, views: dict[str, pl.DataFrame]) -> Iterator[None]:
    """Register polars frames as DuckDB views for the block, then unregister them."""
    done: list[str] = []
    try:
        for name, frame in views.items():
            con.register(name, frame.to_arrow())
            done.append(name)
        yield
    finally:
        for name in done:
            con.unregister(name)
