"""Pre-2019 statistics tables (政府信息公开情况统计表): every row kept as a legacy cell.

Row codes are the printed labels, normalised (NFKC, no spaces), numbering included so the
hierarchy (一、 > (一) > 1.) and 其中 rows stay visible to the legacy rules.
"""

import re
from typing import Final

from pipeline import spec
from pipeline.legacy_prose import read_flat_table, read_prose_figures
from pipeline.model import Cell, Missing
from pipeline.numbers import parse_number
from pipeline.tokens import line_cells

_LABEL_HEAD: Final = re.compile(r"统计指标|指标名称|指标")
_UNIT_HEAD: Final = re.compile(r"单位")
_VALUE_HEAD: Final = re.compile(r"统计数|数量|数值|\d{4}年")
_NUMBER: Final = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?$")
_BLANK: Final = {"", "—", "-", "/", "——"}
NO_FIGURE: Final = "the row ends before its figure: the file may be cut inside it"


# Compiled once: re's module functions look each pattern up in Python code on every call.
_SPACES: Final = re.compile(r"\s+")
_COUNT_SUFFIX: Final = re.compile(r"(数量|数)$")


def _header(cells: list[str]) -> tuple[int, int, int] | None:
    label = next((i for i, c in enumerate(cells) if _LABEL_HEAD.search(c)), None)
    unit = next((i for i, c in enumerate(cells) if _UNIT_HEAD.search(c)), None)
    value = next((i for i, c in enumerate(cells) if _VALUE_HEAD.search(c) and i not in (label, unit)), None)
    if label is None or unit is None or value is None:
        return None
    return label, unit, value


def read_legacy(lines: list[str], raw_lines: list[str]) -> tuple[list[Cell], list[Missing]]:
    """Return the legacy cells of a report and the table rows that could not be placed.

    Cells: every statistics-table row (legacy, label, value), the mapped indicator cells, and
    prose figures for the indicators no table gives.
    """
    cols: tuple[int, int, int] | None = None
    cells: list[Cell] = []
    missing: list[Missing] = []
    seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        parts = [c.strip() for _, c in line_cells(line)]
        if cols is None:
            cols = _header(parts) if len(parts) >= 3 else None
            continue
        if len(parts) < 2:
            continue
        label = _SPACES.sub("", parts[cols[0]]) if cols[0] < len(parts) else ""
        if not label or _NUMBER.match(label):
            continue
        if max(cols) >= len(parts):
            # A statistics row (a unit the table uses) that stops before its figure: a file cut
            # inside the row. Reported unread, so no check takes the shorter table for the whole.
            if cols[2] >= len(parts) and cols[1] < len(parts) and parts[cols[1]] in {c.unit for c in cells}:
                missing.append(Missing("legacy", _numbered(label, seen), "value", NO_FIGURE, i + 1))
            continue
        raw_value, unit = parts[cols[2]], parts[cols[1]] or None
        value = parse_number(raw_value) if _NUMBER.match(raw_value) else None
        if value is None and raw_value not in _BLANK:
            continue  # yes/no and free-text answers are not statistics
        row = _numbered(label, seen)
        cells.append(Cell("legacy", row, "value", value, raw_value, i + 1, None if unit in _BLANK else unit))
    if not cells:
        cells, flat_missing = read_flat_table(lines, raw_lines)
        missing += flat_missing
    cells += _indicators(cells)
    return cells + read_prose_figures(lines, {c.row for c in cells}), missing


def _numbered(label: str, seen: dict[str, int]) -> str:
    """Return the row code of a label's next occurrence: the label, then label#2, label#3."""
    seen[label] = seen.get(label, 0) + 1
    return label if seen[label] == 1 else f"{label}#{seen[label]}"


def _indicators(cells: list[Cell]) -> list[Cell]:
    out: list[Cell] = []
    for code, printed in spec.legacy_indicators().items():
        key = _COUNT_SUFFIX.sub("", printed)
        hit = next((c for c in cells if key in c.row and "其中" not in c.row and c.col == "value"), None)
        if hit is not None:
            out.append(Cell("legacy", code, "value", hit.value, hit.raw, hit.line, hit.unit))
    return out
