"""legacy.part_le_whole on pre-2019 statistics tables.

The hierarchy comes from the printed numbering kept in the row codes: 一、 > (一) > 1.;
a 其中 row belongs to the nearest numbered row above it.
"""

import re

from pipeline.catalogue import Rule
from pipeline.evidence import evidence, finding, fmt, overall
from pipeline.model import Cell, Finding, RuleStatus

_LEVELS = [
    (re.compile(r"^[一二三四五六七八九十]+、"), 1),
    (re.compile(r"^\([一二三四五六七八九十]+\)"), 2),
    (re.compile(r"^\d+[.、]"), 3),
]


def _level(row: str) -> int | None:
    for pat, level in _LEVELS:
        if pat.match(row):
            return level
    return None


def check_part_le_whole(rule: Rule, cells: list[Cell]) -> tuple[RuleStatus, list[Finding]]:
    """Each 其中 row <= its parent; each numbered parent = the sum of its numbered children."""
    rows = [c for c in cells if c.table == "legacy" and (_level(c.row) is not None or c.row.startswith("其中"))]
    if not rows:
        return "not_assessable", [finding(rule, "not_assessable", "没有可核验的统计表")]
    statuses: list[RuleStatus] = []
    out: list[Finding] = []
    parent: Cell | None = None
    for c in rows:
        if c.row.startswith("其中"):
            if parent is None or parent.value is None or c.value is None or parent.unit != c.unit:
                continue
            ok = float(c.value) <= float(parent.value)
            statuses.append("pass" if ok else "fail")
            if not ok:
                unit = c.unit or ""
                msg = f"“{c.row}” {fmt(c.value)}{unit} 大于其上级行“{parent.row}” {fmt(parent.value)}{unit}"
                out.append(
                    finding(
                        rule,
                        "fail",
                        msg,
                        float(parent.value),
                        float(c.value),
                        [evidence(parent), evidence(c)],
                        c.row,
                    )
                )
        else:
            parent = c
    levels = [_level(c.row) for c in rows]  # each row's level once, not once per row above it
    for i in range(len(rows)):
        status, f = _sum_of_children(rule, rows, levels, i)
        if status:
            statuses.append(status)
        if f:
            out.append(f)
    return overall(statuses), out


def _sum_of_children(
    rule: Rule, rows: list[Cell], levels: list[int | None], i: int
) -> tuple[RuleStatus | None, Finding | None]:
    head = rows[i]
    level = levels[i]
    if level is None or head.value is None:
        return None, None
    children: list[Cell] = []
    for c, lv in zip(rows[i + 1 :], levels[i + 1 :], strict=True):
        if lv is None:
            continue
        if lv <= level:
            break
        if lv == level + 1:
            children.append(c)
    if len(children) < 2 or any(c.value is None or c.unit != head.unit for c in children):
        return None, None
    total = sum(float(c.value or 0) for c in children)
    if abs(total - float(head.value)) < 1e-9:
        return "pass", None
    msg = f"“{head.row}” {fmt(head.value)} ≠ 所列分项之和 {fmt(total)}"
    cells = [evidence(head)] + [evidence(c) for c in children]
    return "fail", finding(rule, "fail", msg, total, float(head.value), cells, head.row)
