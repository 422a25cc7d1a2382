"""legacy.part_le_whole on pre-2019 statistics tables.

A 其中 row belongs to the nearest numbered row above it (一、 > (一) > 1., the printed
numbering kept in the row codes). Which totals are the sum of their listed parts is
pipeline.legacy_sums's to say, for the flattened-table reader and this rule alike.
"""

import re

from pipeline.catalogue import Rule
from pipeline.evidence import evidence, finding, fmt, missing_evidence, overall
from pipeline.legacy_sums import part_groups
from pipeline.model import Cell, Finding, Missing, RuleStatus

_COLUMN = {"value": "本年数", "cumulative": "历年累计"}
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


def check_part_le_whole(rule: Rule, cells: list[Cell], missing: list[Missing]) -> tuple[RuleStatus, list[Finding]]:
    """Each 其中 row <= its parent; each request/case/staff total = the sum of its listed parts.

    Each printed column (the year's figures, 历年累计) is checked on its own, and only when every
    row of it was read: an unread row may be the parent of a 其中 row, or the last listed part.
    """
    table = [c for c in cells if c.table == "legacy" and c.origin == "table"]
    unread: dict[str, list[Missing]] = {}
    for m in missing:
        if m.table == "legacy":
            unread.setdefault(m.col, []).append(m)
    statuses: list[RuleStatus] = []
    out: list[Finding] = []
    for col in dict.fromkeys(c.col for c in table):
        if col in unread:
            statuses.append("not_assessable")
            rows = unread[col]
            msg = f"统计表的{_COLUMN.get(col, col)}有{len(rows)}行未能读出（{rows[0].reason}），无法核验分项"
            out.append(finding(rule, "not_assessable", msg, None, None, [missing_evidence(m) for m in rows[:25]], col))
            continue
        column = [c for c in table if c.col == col]
        _parts_within_parent(rule, column, statuses, out)
        for total, parts in part_groups([c.row for c in column]):
            status, f = _sum_of_parts(rule, column[total], [column[p] for p in parts])
            if status:
                statuses.append(status)
            if f:
                out.append(f)
    if not statuses and not any(_level(c.row) is not None or c.row.startswith("其中") for c in table):
        return "not_assessable", [finding(rule, "not_assessable", "没有可核验的统计表")]
    return overall(statuses), out


def _parts_within_parent(rule: Rule, column: list[Cell], statuses: list[RuleStatus], out: list[Finding]) -> None:
    parent: Cell | None = None
    for c in column:
        if not c.row.startswith("其中"):
            if _level(c.row) is not None:
                parent = c
            continue
        if parent is None or parent.value is None or c.value is None or parent.unit != c.unit:
            continue
        ok = float(c.value) <= float(parent.value)
        statuses.append("pass" if ok else "fail")
        if not ok:
            unit = c.unit or ""
            msg = f"“{c.row}” {fmt(c.value)}{unit} 大于其上级行“{parent.row}” {fmt(parent.value)}{unit}"
            out.append(
                finding(rule, "fail", msg, float(parent.value), float(c.value), [evidence(parent), evidence(c)], c.row)
            )


def _sum_of_parts(rule: Rule, head: Cell, parts: list[Cell]) -> tuple[RuleStatus | None, Finding | None]:
    if head.value is None or any(c.value is None or c.unit != head.unit for c in parts):
        return None, None
    total = sum(float(c.value or 0) for c in parts)
    if abs(total - float(head.value)) < 1e-9:
        return "pass", None
    msg = f"“{head.row}” {fmt(head.value)} ≠ 所列分项之和 {fmt(total)}"
    cells = [evidence(head)] + [evidence(c) for c in parts]
    return "fail", finding(rule, "fail", msg, total, float(head.value), cells, head.row)
