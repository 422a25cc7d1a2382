"""expectations.schemas: the pandera contracts accept good frames and name what breaks."""

import hashlib
from typing import Any

import pandera.polars as pa
import polars as pl
import pytest

from expectations import schemas
from expectations.schemas import find_schema_violations
from pipeline import PARSER_VERSION, frames

SHA = hashlib.sha256(b"report").hexdigest()
RID = SHA[:16]
RAW_SCHEMA: dict[str, pl.DataType] = {
    **{c: t for c, t in frames.REPORTS_SCHEMA.items() if c not in ("n_cells", "n_missing", "parser_version")},
    "text": pl.String(),
}


def cell(table: str, row: str, col: str, value: float | None, **extra: Any) -> dict[str, Any]:
    """Return one CELLS_SCHEMA row of the report RID."""
    base = {
        "report_id": RID,
        "year": 2021,
        "agency": "某市人民政府",
        "era": "gov2021",
        "table_code": table,
        "row_code": row,
        "col_code": col,
        "value": value,
        "raw": "" if value is None else str(value),
        "line": 10,
        "unit": None,
        "origin": "table",
    }
    return base | extra


def cells(*rows: dict[str, Any]) -> pl.DataFrame:
    """Return a CELLS_SCHEMA frame."""
    return pl.DataFrame(list(rows), schema=frames.CELLS_SCHEMA)


def failed_checks(df: pl.DataFrame, model: type[pa.DataFrameModel]) -> list[tuple[str, int | None]]:
    """Return (check, row index) of every failure case, sorted."""
    cases = find_schema_violations(df, model)
    return sorted(zip(cases["check"].to_list(), cases["index"].to_list(), strict=True), key=repr)


GOOD_CELLS = [
    cell("t3", "granted", "total", 6.0),
    cell("t4", "cases", "review.total", 0.0),
    cell("t2", "licensing", "change", -3.0, era="gov2019"),  # 本年增/减 is signed
    cell("t2", "admin_fees", "amount_wan_yuan", 1.25, unit="万元"),  # 金额 is a decimal
    cell("t2", "procurement", "amount", 12.5, unit="元", era="gov2019"),
    cell("t3", "denied.state_secret", "total", None, raw="/"),  # blank: no value, no failure
    cell("legacy", "fees_wan_yuan", "value", 0.35, origin="prose"),
]


def test_good_cells_pass() -> None:
    result = find_schema_violations(cells(*GOOD_CELLS), schemas.CellsFrame)
    assert result.is_empty()
    assert result.schema == pl.Schema(schemas.FAILURE_CASES_SCHEMA)


@pytest.mark.parametrize(
    ("bad", "check"),
    [
        (cell("t3", "granted", "total", -1.0), "cells.non_negative_integer"),
        (cell("t4", "cases", "review.total", 1.5), "cells.non_negative_integer"),
        (cell("t2", "licensing", "decisions", 2.5), "cells.non_negative_integer"),
        (cell("t2", "licensing", "decisions", -2.0), "cells.non_negative_integer"),
        (cell("t2", "admin_fees", "amount_wan_yuan", -0.5), "cells.non_negative_integer"),
        (cell("t3", "granted", "research", float("nan")), "cells.non_negative_integer"),
        (cell("t3", "granted", "research", float("inf")), "cells.non_negative_integer"),
        (cell("t3", "granted", "bogus", 1.0), "cells.key_in_spec"),
        (cell("t4", "totals", "review.total", 1.0), "cells.key_in_spec"),
        (cell("t5", "x", "y", 1.0), "isin(['t2', 't3', 't4', 'legacy'])"),
        (cell("t3", "granted", "other_org", 1.0, origin="ocr"), "isin(['table', 'prose'])"),
        (cell("t3", "granted", "other_org", 1.0, line=0), "greater_than_or_equal_to(1)"),
    ],
)
def test_bad_cell_is_named(bad: dict[str, Any], check: str) -> None:
    df = cells(*GOOD_CELLS, bad | {"report_id": "b" * 16})  # another report: no key clash
    assert failed_checks(df, schemas.CellsFrame) == [(check, len(GOOD_CELLS))]


def test_legacy_cells_are_free_of_grid_rules() -> None:
    df = cells(cell("legacy", "改正申请数", "value", -1.0), cell("legacy", "收费", "value", 0.5))
    assert find_schema_violations(df, schemas.CellsFrame).is_empty()


def test_one_value_per_cell_flags_both_rows() -> None:
    df = cells(cell("t3", "granted", "total", 6.0), cell("t3", "granted", "total", 7.0))
    assert failed_checks(df, schemas.CellsFrame) == [
        ("cells.one_value_per_key", 0),
        ("cells.one_value_per_key", 1),
    ]


def test_dtypes_and_columns_are_strict() -> None:
    df = cells(*GOOD_CELLS).with_columns(pl.lit(2021).alias("year"), pl.lit(1).alias("extra"))
    cases = find_schema_violations(df, schemas.CellsFrame)
    assert sorted(cases["check"].to_list()) == ["column_in_schema", "dtype('Int64')"]


def test_lazy_frames_are_refused() -> None:
    with pytest.raises(TypeError, match="eager"):
        find_schema_violations(cells(*GOOD_CELLS).lazy(), schemas.CellsFrame)  # type: ignore[arg-type]


def test_t2_exceptions_are_read_from_the_spec_labels() -> None:
    assert schemas.T2_AMOUNT_COLS == ["amount", "amount_wan_yuan"]
    assert schemas.T2_SIGNED_COLS == ["change"]


def raw_row(**extra: Any) -> dict[str, Any]:
    """Return one RAW_SCHEMA row."""
    base = {
        "report_id": RID,
        "source": "a.txt",
        "sha256": SHA,
        "year": 2021,
        "agency": "某市人民政府",
        "era": "gov2021",
        "status": "parsed",
        "reason": "",
        "text": "一、总体情况",
    }
    return base | extra


def test_raw_frame() -> None:
    rejected = raw_row(report_id="0" * 16, sha256="0" * 64, year=None, era=None, status="rejected", text=None)
    assert find_schema_violations(pl.DataFrame([raw_row(), rejected], schema=RAW_SCHEMA), schemas.RawFrame).is_empty()
    bad = pl.DataFrame([raw_row(report_id="f" * 16), raw_row(year=1999, status="decoded")], schema=RAW_SCHEMA)
    checks = [c for c, _ in failed_checks(bad, schemas.RawFrame)]
    assert "report_id_is_sha256_prefix" in checks
    assert "content_read_once" in checks  # the same content (sha256) read twice
    assert "greater_than_or_equal_to(2008)" in checks
    assert "isin(['parsed', 'partial', 'rejected'])" in checks


def test_raw_frame_duplicates_and_conflicts() -> None:
    first = raw_row(conflict_with="1" * 16)
    copy = raw_row(report_id="d" * 16, source="copy.txt", status="rejected", duplicate_of="a.txt", text="")
    good = pl.DataFrame([first, copy], schema=RAW_SCHEMA)
    assert find_schema_violations(good, schemas.RawFrame).is_empty()
    loaded_twice = pl.DataFrame([first, copy | {"status": "parsed"}], schema=RAW_SCHEMA)
    assert [c for c, _ in failed_checks(loaded_twice, schemas.RawFrame)] == ["duplicate_is_rejected"]
    bad_ids = pl.DataFrame([raw_row(conflict_with="a.txt")], schema=RAW_SCHEMA)
    assert [c for c, _ in failed_checks(bad_ids, schemas.RawFrame)] == ["str_matches('^[0-9a-f]{16}(,[0-9a-f]{16})*$')"]


def test_reports_frame() -> None:
    row = {**raw_row(), "n_cells": 3, "n_missing": 0, "parser_version": PARSER_VERSION}
    del row["text"]
    assert find_schema_violations(pl.DataFrame([row], schema=frames.REPORTS_SCHEMA), schemas.ReportsFrame).is_empty()
    bad = pl.DataFrame([row | {"n_cells": -1}], schema=frames.REPORTS_SCHEMA)
    assert failed_checks(bad, schemas.ReportsFrame) == [("greater_than_or_equal_to(0)", 0)]


def test_sections_frame() -> None:
    rows = [
        {"report_id": RID, "year": 2021, "section_code": c, "line": i + 1} for i, c in enumerate(schemas.SECTION_CODES)
    ]
    df = pl.DataFrame(rows, schema=frames.SECTIONS_SCHEMA)
    assert find_schema_violations(df, schemas.SectionsFrame).is_empty()
    bad = pl.concat([df, pl.DataFrame([rows[0] | {"section_code": "preface"}], schema=frames.SECTIONS_SCHEMA)])
    assert [c for c, _ in failed_checks(bad, schemas.SectionsFrame)] == [f"isin({schemas.SECTION_CODES})"]


def finding(**extra: Any) -> dict[str, Any]:
    """Return one FINDINGS_SCHEMA row."""
    base = {
        "report_id": RID,
        "year": 2021,
        "agency": None,
        "rule_id": "t3.balance",
        "severity": "error",
        "status": "fail",
        "scope": "total",
        "message": "10 + 0 != 9 + 0",
        "expected": 10.0,
        "actual": 9.0,
        "cells": "[]",
        "lines": "40,41",
        "context": "[]",
    }
    return base | extra


def test_findings_frame() -> None:
    good = [finding(), finding(rule_id="t2.fee_unit", severity="warning", status="not_assessable")]
    assert find_schema_violations(pl.DataFrame(good, schema=frames.FINDINGS_SCHEMA), schemas.FindingsFrame).is_empty()
    bad = pl.DataFrame([finding(severity="warning"), finding(rule_id="t9.made_up")], schema=frames.FINDINGS_SCHEMA)
    checks = failed_checks(bad, schemas.FindingsFrame)
    assert ("findings.severity_matches_catalogue", 0) in checks
    assert ("findings.severity_matches_catalogue", 1) in checks  # an unknown rule has no severity
    assert any(c.startswith("isin(['t3.row_total'") for c, _ in checks)


def test_rule_results_frame() -> None:
    row = {"report_id": RID, "year": 2021, "agency": None, "rule_id": "t3.balance", "status": "pass"}
    good = pl.DataFrame(
        [row, row | {"rule_id": "t4.group_total", "status": "not_assessable"}],
        schema=frames.RULE_RESULTS_SCHEMA,
    )
    assert find_schema_violations(good, schemas.RuleResultsFrame).is_empty()
    bad = pl.DataFrame([row, row | {"status": "fail"}], schema=frames.RULE_RESULTS_SCHEMA)
    assert failed_checks(bad, schemas.RuleResultsFrame) == [
        ("rule_results.one_per_report_rule", 0),
        ("rule_results.one_per_report_rule", 1),
    ]
