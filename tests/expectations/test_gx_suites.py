"""expectations.gx_suites: suites generated from the catalogue, committed as JSON, run by GX."""

from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest

from expectations import gx_suites
from pipeline import catalogue, frames, spec
from warehouse import loader

IDENTITY_RULES = [r.id for r in catalogue.load_catalogue() if r.identity is not None]


def diff_row(report_id: str, rule_id: str, scope: str, diff: float | None, status: str) -> dict[str, Any]:
    """Return one v_identity_diffs row."""
    return {
        "report_id": report_id,
        "year": 2021,
        "agency": "某区人民政府",
        "era": "gov2021",
        "variant": "gov2021",
        "rule_id": rule_id,
        "scope": scope,
        "lhs": 10.0,
        "rhs": 10.0 if diff is None else 10.0 - diff,
        "n_terms": 5,
        "n_present": 5 if diff is not None else 4,
        "diff": diff,
        "status": status,
    }


def good_diffs() -> pd.DataFrame:
    """Return a v_identity_diffs frame where every assessable equation holds."""
    rows = [diff_row("r1", rule, "s", 0.0, "pass") for rule in IDENTITY_RULES]
    rows.append(diff_row("r2", "t3.balance", "total", None, "not_assessable"))
    return pd.DataFrame(rows)


def test_committed_json_matches_the_generator() -> None:
    committed = {p.stem: p.read_text(encoding="utf-8") for p in gx_suites.SUITES_DIR.glob("*.json")}
    generated = {name: gx_suites.suite_json(s) for name, s in gx_suites.suite_definitions().items()}
    assert committed == generated, "run `python -m expectations.gx_suites` and commit the result"


def test_write_suites_is_deterministic(tmp_path: Path) -> None:
    first = {p.name: p.read_bytes() for p in gx_suites.write_suites(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in gx_suites.write_suites(tmp_path / "b")}
    assert first == second
    assert gx_suites.load_suite("fact_cells", tmp_path / "a") == gx_suites.suite_definitions()["fact_cells"]


def test_one_diff_expectation_per_catalogue_identity() -> None:
    suite = gx_suites.load_suite("warehouse_identities")
    on_diff = [e for e in suite["expectations"] if e["kwargs"].get("column") == "diff"]
    assert [e["meta"]["rule_id"] for e in on_diff] == IDENTITY_RULES
    for e in on_diff:
        rule = catalogue.rules_by_id()[e["meta"]["rule_id"]]
        assert e["meta"]["statute"] == rule.statute
        assert (e["kwargs"]["min_value"], e["kwargs"]["max_value"]) == (0, 0)


def test_identity_suite_passes_on_good_frame() -> None:
    outcome = gx_suites.run_suite("warehouse_identities", good_diffs())
    assert outcome.success
    assert outcome.failed == 0
    assert outcome.evaluated == len(gx_suites.load_suite("warehouse_identities")["expectations"])
    assert outcome.failing_rows == []


def test_identity_suite_fails_on_a_broken_identity() -> None:
    pdf = good_diffs()
    broken = diff_row("r3", "t3.row_total", "granted", 93.0, "fail")
    pdf = pd.concat([pdf, pd.DataFrame([broken])]).set_index(pd.Index([10, 11, 12, 13, 14, 15]))
    outcome = gx_suites.run_suite("warehouse_identities", pdf)
    assert not outcome.success
    assert outcome.failed == 1
    assert outcome.failing_rows == [
        broken | {"failed_expectation": "expect_column_values_to_be_between", "failed_rule": "t3.row_total"}
    ]


def test_identity_suite_reports_table_level_failures() -> None:
    pdf = pd.concat([good_diffs(), good_diffs().head(1)])  # one equation stored twice
    outcome = gx_suites.run_suite("warehouse_identities", pdf)
    assert not outcome.success
    assert {r["failed_expectation"] for r in outcome.failing_rows} == {"expect_compound_columns_to_be_unique"}
    missing = gx_suites.run_suite("warehouse_identities", good_diffs().drop(columns=["diff"]))
    assert not missing.success
    diff_rows = [r for r in missing.failing_rows if r["failed_rule"] in IDENTITY_RULES]
    assert len(diff_rows) == len(IDENTITY_RULES)
    assert all('"diff" in BatchData does not exist' in r["detail"] for r in diff_rows)


def fact_cells(*rows: tuple[str, str, str, float | None]) -> pd.DataFrame:
    """Return a fact_cells-shaped pandas frame from (table, row, col, value) tuples."""
    return pd.DataFrame(
        [
            {
                "report_id": "r1",
                "year": 2021,
                "era": "gov2019",
                "table_code": t,
                "row_code": r,
                "col_code": c,
                "value": v,
                "raw": str(v),
            }
            for t, r, c, v in rows
        ]
    )


def test_fact_cells_suite() -> None:
    good = fact_cells(
        ("t3", "granted", "total", 3.0),
        ("t4", "cases", "review.total", 0.0),
        ("t2", "licensing", "change", -3.0),  # gov2019 本年增/减 is signed
        ("t3", "other", "total", None),
        ("legacy", "fees", "value", 1.5),
    )
    assert gx_suites.run_suite("fact_cells", good).success
    bad = pd.concat([good, fact_cells(("t4", "cases", "review.upheld", -1.0), ("t2", "penalty", "decisions", -2.0))])
    outcome = gx_suites.run_suite("fact_cells", bad)
    assert not outcome.success
    assert outcome.failed == 2
    assert [(r["col_code"], r["failed_rule"]) for r in outcome.failing_rows] == [
        ("review.upheld", "cells.non_negative_integer"),
        ("decisions", "cells.non_negative_integer"),
    ]


@pytest.mark.parametrize("total", [4.0, 5.0])
def test_identity_suite_reads_the_warehouse_view(total: float) -> None:
    """The suite and warehouse.loader.identity_diffs agree on columns and statuses."""
    con = loader.connect(":memory:")
    loader.apply_ddl(con)
    parts = {"upheld": 1.0, "corrected": 2.0, "other": 0.0, "pending": 1.0, "total": total}
    cells = pl.DataFrame(
        [
            {
                "report_id": "r1",
                "year": 2021,
                "agency": None,
                "era": "gov2021",
                "table_code": "t4",
                "row_code": "cases",
                "col_code": col,
                "value": parts[col.split(".")[1]],
                "raw": "",
                "line": 1,
                "unit": None,
                "origin": "table",
            }
            for col in spec.t4_cols()
        ],
        schema=frames.CELLS_SCHEMA,
    )
    report = {
        "report_id": "r1",
        "sha256": "r1",
        "year": 2021,
        "era": "gov2021",
        "status": "parsed",
        "reason": "",
    }
    reports = pl.DataFrame([report], schema=frames.REPORTS_SCHEMA)
    empty = {
        k: pl.DataFrame(schema=s)
        for k, s in [("sections", frames.SECTIONS_SCHEMA), ("findings", frames.FINDINGS_SCHEMA)]
    }
    rule_results = pl.DataFrame(schema=frames.RULE_RESULTS_SCHEMA)
    loader.replace_year(con, 2021, reports=reports, cells=cells, rule_results=rule_results, run_id="t", **empty)
    outcome = gx_suites.run_suite("warehouse_identities", loader.identity_diffs(con, 2021))
    con.close()
    assert outcome.success is (total == 4.0)
    assert outcome.failed == (0 if total == 4.0 else 1)
    assert len(outcome.failing_rows) == (0 if total == 4.0 else 3)  # one break per t4 group
