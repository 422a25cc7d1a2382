"""The benchmark's reading of the warehouse: query times, and findings and cells scored against the truth.

Detection and extraction are measured on what the end-to-end run stored (reports,
fact_cells, rule_results, findings), one report year at a time so memory stays bounded.
"""

import time
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipeline.synth.bench_core import truth_at, truth_index
from pipeline.synth.score import Parsed, Score, score_report

STANDARD_QUERIES = {
    "v_t3_wide": "SELECT * FROM v_t3_wide",
    "v_rule_pass_rate": "SELECT * FROM v_rule_pass_rate ORDER BY rule_id, year",
}


def time_queries(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, int]]:
    """Return view -> (seconds, rows) for the standard views, fetched in full into polars."""
    out = {}
    for name, query in STANDARD_QUERIES.items():
        start = time.perf_counter()
        rows = con.sql(query).pl().height
        out[name] = (time.perf_counter() - start, rows)
    return out


def _cross_year_fails(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Return report_id -> cross-year rules failing on it, wherever the warehouse keeps them."""
    found: dict[str, set[str]] = {}
    for table in ("rule_results", "findings"):
        rows = con.sql(
            f"SELECT DISTINCT report_id, rule_id FROM {table} WHERE rule_id LIKE 'cross_year.%' AND status = 'fail'"
        ).fetchall()
        for report_id, rule_id in rows:
            found.setdefault(str(report_id), set()).add(str(rule_id))
    return found


def cross_year_evaluated(con: duckdb.DuckDBPyConnection) -> bool:
    """Return True if any cross-year rule result is stored (the copy-paste rule can then be scored)."""
    query = "SELECT count(*) FROM {} WHERE rule_id LIKE 'cross_year.%'"
    return any(int(con.sql(query.format(t)).fetchall()[0][0]) for t in ("rule_results", "findings"))


def score_warehouse(con: duckdb.DuckDBPyConnection, corpus: Path) -> tuple[Score, int]:
    """Score every stored report against its truth; return the score and how many truth files are absent."""
    index = truth_index(corpus / "truth.jsonl")
    seen: set[str] = set()
    score = Score()
    cross = _cross_year_fails(con)
    years = [row[0] for row in con.sql("SELECT DISTINCT year FROM reports").fetchall()]
    reports_dir = corpus / "reports"
    with (corpus / "truth.jsonl").open("rb") as fh:
        for year in years:
            for rel, parsed in _parsed_of_year(con, year, reports_dir, cross):
                if rel not in index or rel in seen:
                    continue
                seen.add(rel)
                score_report(truth_at(fh, index[rel]), parsed, score)
    return score, len(set(index) - seen)


def _parsed_of_year(
    con: duckdb.DuckDBPyConnection, year: int | None, reports_dir: Path, cross: dict[str, set[str]]
) -> list[tuple[str, Parsed]]:
    where = "year IS NOT DISTINCT FROM $year"
    params: dict[str, Any] = {"year": year}
    reports = con.sql(
        f"SELECT report_id, source, status, agency, year, era, reason FROM reports WHERE {where}", params=params
    ).pl()
    cells = con.sql(
        f"SELECT report_id, table_code, row_code, col_code, value FROM fact_cells WHERE {where}", params=params
    ).pl()
    fails = con.sql(
        f"SELECT report_id, rule_id FROM rule_results WHERE {where} AND status = 'fail'", params=params
    ).pl()
    by_report: dict[str, dict[tuple[str, str, str], Any]] = {}
    for rid, t, r, c, v in cells.iter_rows():
        by_report.setdefault(rid, {})[(t, r, c)] = v
    failing: dict[str, set[str]] = {}
    for rid, rule in fails.iter_rows():
        failing.setdefault(rid, set()).add(rule)
    out = []
    for rid, source, status, agency, yr, era, reason in reports.iter_rows():
        rel = _relative(source, reports_dir)
        rules = frozenset(failing.get(rid, set()) | cross.get(rid, set()))
        out.append((rel, Parsed(status, agency, yr, era, by_report.get(rid, {}), rules, reason or "")))
    return out


def _relative(source: str, reports_dir: Path) -> str:
    path = Path(source)
    try:
        return "reports/" + path.resolve().relative_to(reports_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def unread_by_reason(con: duckdb.DuckDBPyConnection, top: int = 5) -> list[tuple[str, str, int]]:
    """Return the `top` kinds of unread cell over all years: (table, reason, cells), most first."""
    query = "SELECT table_code, reason, sum(n_cells)::BIGINT AS n FROM v_unread_by_reason GROUP BY ALL"
    rows = con.sql(f"{query} ORDER BY n DESC, table_code, reason LIMIT {int(top)}").fetchall()
    return [(str(t), str(r), int(n)) for t, r, n in rows]


def reports_per_year(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return the stored reports per year and status (for the run summary)."""
    return con.sql("SELECT year, status, count(*) AS n FROM reports GROUP BY ALL ORDER BY ALL").pl()
