"""Value types shared by every stage of the core: cells, sections, findings, reports."""

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["parsed", "partial", "rejected"]
RuleStatus = Literal["pass", "fail", "not_assessable"]
Value = int | float | None


# Not frozen: a frozen dataclass sets each field through object.__setattr__, five times slower
# to build, and a report builds hundreds of cells. Cells are still never changed (readers copy
# them with dataclasses.replace) and still hash by value. The __init__ is written out because
# mypyc compiles it, while the one dataclass generates runs as Python (5x slower to build).
@dataclass(slots=True, unsafe_hash=True, init=False)
class Cell:
    """One canonical table cell as read from the source text.

    `table` is t2, t3, t4 or legacy; `line` is the 1-based source line of the value.
    """

    table: str
    row: str
    col: str
    value: Value
    raw: str
    line: int | None
    unit: str | None = None
    origin: str = "table"  # "table" or "prose" (pre2019 figures stated in sentences)

    def __init__(
        self,
        table: str,
        row: str,
        col: str,
        value: Value,
        raw: str,
        line: int | None,
        unit: str | None = None,
        origin: str = "table",
    ) -> None:
        self.table = table
        self.row = row
        self.col = col
        self.value = value
        self.raw = raw
        self.line = line
        self.unit = unit
        self.origin = origin


@dataclass(frozen=True)
class Section:
    """A statutory section heading and the 1-based line where it starts."""

    code: str
    line: int


@dataclass(frozen=True)
class Missing:
    """A cell the parser could not place with certainty, and why."""

    table: str
    row: str
    col: str
    reason: str
    line: int | None = None


# Not frozen, __init__ written out: as Cell. Findings are never changed (dataclasses.replace).
@dataclass(init=False)
class Finding:
    """The outcome of one rule on one scope (a row, a column, a group) of a report."""

    rule: str
    severity: str
    status: RuleStatus
    message: str
    expected: float | None
    actual: float | None
    cells: tuple[dict[str, Any], ...] = ()
    scope: str = ""
    context: tuple[tuple[int, str], ...] = ()  # (line, printed text) around the evidence lines
    diagnosis: tuple[dict[str, Any], ...] = ()  # single-cell changes that would reconcile the table

    def __init__(
        self,
        rule: str,
        severity: str,
        status: RuleStatus,
        message: str,
        expected: float | None,
        actual: float | None,
        cells: tuple[dict[str, Any], ...] = (),
        scope: str = "",
        context: tuple[tuple[int, str], ...] = (),
        diagnosis: tuple[dict[str, Any], ...] = (),
    ) -> None:
        self.rule = rule
        self.severity = severity
        self.status = status
        self.message = message
        self.expected = expected
        self.actual = actual
        self.cells = cells
        self.scope = scope
        self.context = context
        self.diagnosis = diagnosis


@dataclass
class Report:
    """Everything the core learnt about one input file."""

    source: str
    sha256: str
    status: Status
    reason: str
    agency: str | None = None
    year: int | None = None
    era: str | None = None
    sections: list[Section] = field(default_factory=list[Section])
    cells: list[Cell] = field(default_factory=list[Cell])
    missing: list[Missing] = field(default_factory=list[Missing])
    findings: list[Finding] = field(default_factory=list[Finding])
    rule_results: dict[str, RuleStatus] = field(default_factory=dict[str, RuleStatus])

    def to_json(self) -> dict[str, Any]:
        """Return the CLI contract's JSON object for this report."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "status": self.status,
            "reason": self.reason,
            "agency": self.agency,
            "year": self.year,
            "era": self.era,
            "sections": [asdict(s) for s in self.sections],
            "cells": [
                {
                    "table": c.table,
                    "row": c.row,
                    "col": c.col,
                    "value": c.value,
                    "raw": c.raw,
                    "line": c.line,
                    **({"unit": c.unit} if c.unit else {}),
                    **({"origin": c.origin} if c.origin != "table" else {}),
                }
                for c in self.cells
            ],
            "missing": [asdict(m) for m in self.missing],
            "findings": [
                {
                    "rule": f.rule,
                    "severity": f.severity,
                    "status": f.status,
                    "message": f.message,
                    "expected": f.expected,
                    "actual": f.actual,
                    "cells": list(f.cells),
                    "scope": f.scope,
                    "context": [{"line": n, "text": t} for n, t in f.context],
                    "diagnosis": list(f.diagnosis),
                }
                for f in self.findings
            ],
            "rule_results": dict(self.rule_results),
        }
