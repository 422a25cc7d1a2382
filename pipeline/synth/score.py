"""Score parsed reports against the synthetic truth: extraction per cell, detection per defect.

Extraction: a printed cell is exact (same value, or blank read as blank), missing (not
read, which the parser reports), or wrong (a confident wrong value: a number that differs
from the truth, or a number where the report prints nothing). Detection: for each defect kind
a rule is expected to fire; precision and recall count reports.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from pipeline.model import Report
from pipeline.synth.values import T3_COLS, result_leaves, t3_rows

Key = tuple[str, str, str]
# Defect kind -> the rules whose failure detects it (per-report rules; copy_paste is cross-year).
DETECTED_BY: dict[str, tuple[str, ...]] = {
    "arithmetic_t3": ("t3.row_total", "t3.results_sum", "t3.balance"),
    "arithmetic_t4": ("t4.group_total",),
    "unit_slip": ("t2.fee_unit",),
    "narrative": ("narrative.matches_tables",),
    "truncated": (),  # detected by the report's status and reason (TRUNCATION_SIGNS)
    "copy_paste": ("cross_year.copy_paste",),
}
# A partial (or rejected) report whose reason says structure is missing or the text is cut:
# "partial" alone has many causes (an ambiguous glued row is partial too).
TRUNCATION_SIGNS = re.compile(r"sections? not found|cut off|ends in the middle|table left open")
# Kinds the parser must read through: what counts is the cells of those reports.
READ_THROUGH = ("gbk", "site_noise", "label_typo", "split_number", "blank_cells")
MAX_EXAMPLES = 40


@dataclass
class Extraction:
    """Cell counts of one group of reports."""

    cells: int = 0
    exact: int = 0
    missing: int = 0
    wrong: int = 0


@dataclass
class Detection:
    """Report counts for one defect kind; `detectable` counts positives the printed text can reveal."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    detectable: int = 0
    detectable_tp: int = 0


@dataclass(frozen=True)
class Parsed:
    """What scoring needs of one parsed report, from a `Report` or from the warehouse's rows."""

    status: str
    agency: str | None
    year: int | None
    era: str | None
    cells: dict[tuple[str, str, str], int | float | None]
    failing: frozenset[str]  # rules that failed on the report
    reason: str = ""

    @classmethod
    def from_report(cls, r: Report) -> "Parsed":
        """Return the view of a parsed Report."""
        cells = {(c.table, c.row, c.col): c.value for c in r.cells}
        failing = frozenset(rule for rule, status in r.rule_results.items() if status == "fail")
        return cls(r.status, r.agency, r.year, r.era, cells, failing, r.reason)

    @property
    def looks_truncated(self) -> bool:
        """Return True if the report is partial or rejected for a reason a truncation gives."""
        return self.status != "parsed" and bool(TRUNCATION_SIGNS.search(self.reason or ""))


@dataclass
class Score:
    """Every tally the benchmark prints, accumulated report by report."""

    reports: int = 0
    statuses: Counter[str] = field(default_factory=Counter[str])
    metadata: Counter[str] = field(default_factory=Counter[str])  # agency/year/era right
    extraction: dict[str, Extraction] = field(default_factory=lambda: defaultdict(Extraction))
    detection: dict[str, Detection] = field(default_factory=lambda: defaultdict(Detection))
    wrong_examples: list[str] = field(default_factory=list[str])


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def _unprinted(truth: dict[str, Any]) -> tuple[set[Key], set[Key]]:
    lost: set[Key] = set()
    cut: set[Key] = set()
    for d in truth["defects"]:
        if d["kind"] == "truncated":
            lost = {(t, r, c) for t, r, c in d["unprinted"]}
            cut = {(t, r, c) for t, r, c in d["cut_cell"]}
    return lost, cut


def score_cells(truth: dict[str, Any], report: Parsed, score: Score) -> Extraction:
    """Add one report's cells to the extraction tallies (all, era, layout, defect kinds)."""
    cells = report.cells
    lost, cut = _unprinted(truth)
    mine = Extraction()
    expected: dict[Key, Any] = {(t, r, c): v for t, r, c, v in truth["cells"]}
    for key, value in expected.items():
        if key in lost:
            continue
        mine.cells += 1
        got = cells.get(key, "absent")
        if got == "absent" and value is None:
            mine.exact += 1  # a blank row left out says nothing wrong (as in pipeline.accuracy)
        elif got == "absent" or (got is None and value is not None):
            mine.missing += 1
        elif _same(got, value):
            mine.exact += 1
        else:
            mine.wrong += 1
            _example(score, truth, key, value, got, "")
    optional: dict[Key, Any] = {(t, r, c): v for t, r, c, v in truth.get("optional_cells", [])}
    for key, got in cells.items():
        if got is None or (key in expected and key not in lost):
            continue
        if key in optional and key not in lost:
            mine.cells += 1  # not required, but once emitted it must be right
            if _same(got, optional[key]):
                mine.exact += 1
                continue
        # A number where the truth prints nothing: past a truncation, or a cell that does not exist.
        mine.wrong += 1
        _example(
            score,
            truth,
            key,
            optional.get(key),
            got,
            "cut value" if key in cut else "optional" if key in optional else "nothing printed",
        )
    kinds = {d["kind"] for d in truth["defects"]}
    for group in ("all", f"era:{truth['era']}", f"layout:{truth['layout']}", *(f"defect:{k}" for k in kinds)):
        t = score.extraction[group]
        t.cells, t.exact, t.missing, t.wrong = (t.cells + mine.cells, t.exact + mine.exact,
                                                t.missing + mine.missing, t.wrong + mine.wrong)  # fmt: skip
    return mine


def _example(score: Score, truth: dict[str, Any], key: Key, value: Any, got: Any, why: str) -> None:
    if len(score.wrong_examples) < MAX_EXAMPLES:
        kinds = ",".join(sorted({d["kind"] for d in truth["defects"]})) or "-"
        note = f" ({why})" if why else ""
        score.wrong_examples.append(
            f"{truth['file']} [{truth['layout']}, {truth['era']}, defects {kinds}] {'/'.join(key)}: "
            f"read {got}, truth {value}{note}"
        )


def detectable(kind: str, truth: dict[str, Any]) -> bool:
    """Return True if the printed report holds what a rule needs to see the defect.

    A term printed blank, or lost past a truncation, leaves an identity not assessable.
    """
    lost, _ = _unprinted(truth)
    cells: dict[Key, Any] = {(t, r, c): v for t, r, c, v in truth["cells"] if (t, r, c) not in lost}
    rec = next(d for d in truth["defects"] if d["kind"] == kind)
    if kind == "arithmetic_t3":
        _, row, col = rec["cell"]
        return any(all(cells.get(k) is not None for k in eq) for eq in _t3_equations(truth["era"], row, col))
    if kind == "arithmetic_t4":
        group = rec["cell"][2].split(".")[0]
        parts = ("upheld", "corrected", "other", "pending", "total")
        return all(cells.get(("t4", "cases", f"{group}.{p}")) is not None for p in parts)
    if kind == "truncated":
        return bool(truth["era"] != "pre2019" and rec["unprinted"])
    if kind == "unit_slip":
        # A 元 figure under the 万元 header that stays below the magnitude bound is a plausible
        # 万元 figure: only the printed 元 header is certain to show.
        return bool(rec.get("form") == "header") and ("t2", "admin_fees", "amount_wan_yuan") in cells
    if kind == "narrative":
        return not lost
    if kind == "copy_paste":
        # Only the statutory grids (2019 on) are compared cell by cell; a new slip or blank
        # printed on top of the copy makes the tables differ after all.
        fresh = {d["kind"] for d in truth["defects"] if "inherited_from" not in d}
        changed = fresh & {"arithmetic_t3", "arithmetic_t4", "unit_slip", "blank_cells", "truncated"}
        return truth["era"] != "pre2019" and not changed
    return True


def _t3_equations(era: str, row: str, col: str) -> list[list[Key]]:
    eqs = [[("t3", row, c) for c in T3_COLS]]
    if row in ("new_received", "carried_in", "total_handled", "carried_out"):
        eqs.append([("t3", r, col) for r in ("new_received", "carried_in", "total_handled", "carried_out")])
    if row == "total_handled" or row in result_leaves(era):
        eqs.append([("t3", "total_handled", col)] + [("t3", r, col) for r in result_leaves(era)])
    assert row in t3_rows(era)
    return eqs


def score_detection(truth: dict[str, Any], report: Parsed, score: Score) -> None:
    """Add one report to the detection tallies."""
    kinds = {d["kind"] for d in truth["defects"]}
    failing = report.failing
    for kind, rules in DETECTED_BY.items():
        fired = report.looks_truncated if kind == "truncated" else bool(failing & set(rules))
        t = score.detection[kind]
        if kind in kinds:
            t.tp += fired
            t.fn += not fired
            if detectable(kind, truth):
                t.detectable += 1
                t.detectable_tp += fired
        else:
            t.fp += fired


def score_report(truth: dict[str, Any], report: Parsed | Report, score: Score) -> None:
    """Score one parsed report against its truth record."""
    view = Parsed.from_report(report) if isinstance(report, Report) else report
    score.reports += 1
    score.statuses[view.status] += 1
    for name in ("agency", "year", "era"):
        score.metadata[name] += getattr(view, name) == truth[name]
    score_cells(truth, view, score)
    score_detection(truth, view, score)
