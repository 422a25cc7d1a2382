"""Measure extraction against hand-read gold cells: exact, missing, confident wrong.

The gold file (gold.jsonl beside index.jsonl) names a few key cells per report; a null gold
value means the report does not print it. A confident wrong value is a number we emitted
that differs from the gold, or a number where the gold says nothing is printed: the worst
outcome, which must stay at zero.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import spec
from pipeline.model import Report
from pipeline.stages import read_report

GOLD_KEYS: dict[str, spec.CellKey] = {
    "t3_total_new": ("t3", "new_received", "total"),
    "t3_total_carried_in": ("t3", "carried_in", "total"),
    "t3_granted_total": ("t3", "granted", "total"),
    "t3_handled_total": ("t3", "total_handled", "total"),
    "t3_carried_out_total": ("t3", "carried_out", "total"),
    "t3_natural_person_new": ("t3", "new_received", "natural_person"),
    "t2_licensing": ("t2", "licensing", "decisions"),
    "t2_fees_wan_yuan": ("t2", "admin_fees", "amount_wan_yuan"),
}


@dataclass
class Tally:
    """Counts for one group of gold cells."""

    cells: int = 0
    exact: int = 0
    missing: int = 0
    wrong: int = 0
    wrong_cells: list[str] = field(default_factory=list[str])


def gold_cells(gold: dict[str, Any], era: str) -> dict[spec.CellKey, Any]:
    """Expand one gold record into {cell key: value}; t4 is the 15 cells in spec order."""
    out: dict[spec.CellKey, Any] = {}
    for name, key in GOLD_KEYS.items():
        if name in gold and not (name == "t2_licensing" and era != "2021"):
            out[key] = gold[name]
    if gold.get("t4") is not None:
        out.update({("t4", "cases", c): v for c, v in zip(spec.t4_cols(), gold["t4"], strict=True)})
    return out


def _same(extracted: Any, expected: Any) -> bool:
    if expected is None or extracted is None:
        return expected is None and extracted is None
    return abs(float(extracted) - float(expected)) < 1e-9


def score(report: Report, expected: dict[spec.CellKey, Any], tally: Tally) -> None:
    """Add one report's gold comparison to a tally."""
    cells = {(c.table, c.row, c.col): c for c in report.cells}
    missing = {(m.table, m.row, m.col) for m in report.missing}
    for key, value in expected.items():
        tally.cells += 1
        cell = cells.get(key)
        if cell is not None and _same(cell.value, value):
            tally.exact += 1
        elif cell is None and (key in missing or value is None):
            tally.missing += value is not None
            tally.exact += value is None
        elif cell is None:
            tally.missing += 1
        else:
            tally.wrong += 1
            tally.wrong_cells.append(f"{Path(report.source).name} {'/'.join(key)}: read {cell.value}, gold {value}")


def measure(corpus: Path) -> dict[str, dict[str, Tally]]:
    """Return tallies by era and by layout (and 'all') over the corpus's gold records."""
    index = {d["file"]: d for d in _jsonl(corpus / "index.jsonl")}
    out: dict[str, dict[str, Tally]] = {
        "era": defaultdict(Tally),
        "layout": defaultdict(Tally),
        "all": defaultdict(Tally),
    }
    for gold in _jsonl(corpus / "gold.jsonl"):
        meta = index.get(gold["file"], {})
        report, _ = read_report(corpus / gold["file"])
        expected = gold_cells(gold, str(meta.get("format_era", "")))
        for group, name in (
            ("era", str(meta.get("format_era", "?"))),
            ("layout", layout_name(meta)),
            ("all", "all"),
        ):
            score(report, expected, out[group][name])
    return out


def layout_name(meta: dict[str, Any]) -> str:
    """Return the short layout family of an index record (its text before the first colon)."""
    return re.split(r"[:;(]| with ", str(meta.get("layout", "?")))[0].strip()


def status_counts(corpus: Path) -> dict[str, int]:
    """Return how many corpus files parse to each status."""
    counts: dict[str, int] = defaultdict(int)
    for meta in _jsonl(corpus / "index.jsonl"):
        report, _ = read_report(corpus / meta["file"])
        counts[report.status] += 1
    return dict(counts)


def render(tallies: dict[str, dict[str, Tally]]) -> str:
    """Format the tallies as a plain-text table."""
    lines = [f"{'group':<28}{'gold cells':>11}{'exact':>9}{'missing':>9}{'wrong':>7}"]
    for group in ("all", "era", "layout"):
        for name, t in sorted(tallies[group].items()):
            n = max(t.cells, 1)
            lines.append(f"{group + ':' + name:<28}{t.cells:>11}{t.exact / n:>9.1%}{t.missing / n:>9.1%}{t.wrong:>7}")
    wrong = [w for t in tallies["all"].values() for w in t.wrong_cells]
    lines += [f"confident wrong: {w}" for w in wrong]
    return "\n".join(lines)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
