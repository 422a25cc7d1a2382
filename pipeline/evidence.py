"""Shared pieces of rule evaluation: cell lookup, evidence records and labels."""

from collections.abc import Iterable
from typing import Any

from pipeline import spec
from pipeline.catalogue import Rule
from pipeline.model import Cell, Finding, Missing, RuleStatus

CellIndex = dict[spec.CellKey, Cell]


def index_cells(cells: Iterable[Cell]) -> CellIndex:
    """Index cells by (table, row, col)."""
    return {(c.table, c.row, c.col): c for c in cells}


def evidence(cell: Cell) -> dict[str, Any]:
    """Return the JSON evidence of one cell: its key, value, raw text and source line."""
    return {
        "table": cell.table,
        "row": cell.row,
        "col": cell.col,
        "value": cell.value,
        "raw": cell.raw,
        "line": cell.line,
    }


def missing_evidence(m: Missing) -> dict[str, Any]:
    """Return the JSON evidence of a cell that could not be read."""
    return {
        "table": m.table,
        "row": m.row,
        "col": m.col,
        "value": None,
        "raw": "",
        "line": m.line,
        "missing": m.reason,
    }


def label(key: spec.CellKey) -> str:
    """Return a short printed label of a cell, e.g. 行政复议/总计 or 予以公开/自然人."""
    table, row, col = key
    s = spec.load_spec()
    if table == "t4":
        return str(s["t4"]["cols"].get(col, col))
    if table == "t3":
        row_label = str(s["t3"]["rows"].get(row, row))
        return f"{row_label}/{s['t3']['cols'].get(col, col)}"
    return f"{row}/{col}"


def fmt(v: float | int | None) -> str:
    """Format a value for a message: integers without a decimal point."""
    if v is None:
        return "空"
    return str(int(v)) if float(v).is_integer() else str(v)


def finding(
    rule: Rule,
    status: RuleStatus,
    message: str,
    expected: float | None = None,
    actual: float | None = None,
    cells: Iterable[dict[str, Any]] = (),
    scope: str = "",
) -> Finding:
    """Build a Finding carrying the catalogue's severity."""
    return Finding(rule.id, rule.severity, status, message, expected, actual, tuple(cells), scope)


def overall(statuses: Iterable[RuleStatus]) -> RuleStatus:
    """Combine instance statuses: any fail fails; else any not_assessable; else pass."""
    seen = set(statuses)
    if "fail" in seen:
        return "fail"
    if "not_assessable" in seen or not seen:
        return "not_assessable"
    return "pass"
