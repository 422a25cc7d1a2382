"""Table 2 (主动公开政府信息情况): the blocks of 第二十条, by era."""

import re
from typing import Final

from pipeline import spec
from pipeline.fit import fit_row
from pipeline.model import Cell, Missing
from pipeline.table_t3 import TableRead
from pipeline.tokens import Tok, compact, compact_uncached

# Printed row labels (and known variants) -> row code; matched at the end of a label.
ROW_LABELS: Final[list[tuple[str, str]]] = sorted(
    [
        ("规章", "regulations"),
        ("行政规范性文件", "normative_docs"),
        ("规范性文件", "normative_docs"),
        ("行政许可", "licensing"),
        ("其他对外管理服务事项", "other_services"),
        ("行政处罚", "penalty"),
        ("行政强制", "coercion"),
        ("行政事业性收费", "admin_fees"),
        ("政府集中采购", "procurement"),
    ],
    key=lambda p: -len(p[0]),
)
_FEE_UNIT: Final = re.compile(r"收费金额单位(万元|元)")


def _row_of(label: Tok) -> str | None:
    text = compact(label.text)
    for printed, code in ROW_LABELS:
        if text.endswith(printed):
            return code
    return None


def read_t2(toks: list[Tok] | None, era: str) -> TableRead:
    """Read the era's t2 blocks; the fee amount carries the unit its header prints."""
    toks = toks or []
    layout = {row: list(b["cols"]) for b in spec.t2_blocks(era) for row in b["rows"]}
    fee_unit = _FEE_UNIT.search(compact_uncached(" ".join(t.text for t in toks if t.kind == "label")))
    read: dict[str, tuple[Tok, list[Tok]]] = {}
    current: list[Tok] | None = None
    for t in toks:
        if t.kind == "label":
            row = _row_of(t)
            if row is not None and row in layout and row not in read:
                current = []
                read[row] = (t, current)
            elif current:
                current = None
        elif current is not None:
            current.append(t)
    cells: list[Cell] = []
    missing: list[Missing] = []
    for row, cols in layout.items():
        if row not in read:
            why = "row label not found" if toks else "table not found"
            missing.extend(Missing("t2", row, c, why) for c in cols)
            continue
        label, values = read[row]
        fit = fit_row(values, len(cols), label_line=label.line)
        if fit.values is None:
            missing.extend(Missing("t2", row, c, fit.reason, label.line) for c in cols)
            continue
        for i, (col, value, tok) in enumerate(zip(cols, fit.values, fit.toks, strict=True)):
            if i in fit.unsure:
                missing.append(Missing("t2", row, col, fit.reason, label.line))
                continue
            unit = tok.unit if tok else None
            if row == "admin_fees" and col == "amount_wan_yuan":
                unit = unit or (fee_unit.group(1) if fee_unit else "万元")
            cells.append(Cell("t2", row, col, value, tok.raw if tok else "", tok.line if tok else label.line, unit))
    return TableRead(cells, missing, bool(read))
