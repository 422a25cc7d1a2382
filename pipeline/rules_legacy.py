"""legacy.part_le_whole on pre-2019 statistics tables.

A 其中 row belongs to the nearest numbered row above it (一、 > (一) > 1., the printed
numbering kept in the row codes). Which totals are the sum of their listed parts is
pipeline.legacy_sums's to say, for the flattened-table reader and this rule alike.
"""

import re
from typing import Final

from pipeline import spec
from pipeline.catalogue import Rule
from pipeline.evidence import evidence, finding, fmt, missing_evidence, overall
from pipeline.legacy_sums import level, part_groups, printed_label
from pipeline.model import Cell, Finding, Missing, RuleStatus

_COLUMN: Final = {"value": "本年数", "cumulative": "历年累计"}
_WORDS: Final = re.compile(r"[\u4e00-\u9fff]{2}")  # a unit (件, 条) is one character; any text after a row is two
# The row's own figures, a row number and a label: at most what follows the last row of a file
# cut inside the next one, which starts 其中 or with a numbering (1. but not 0.25).
_CUT_ROW_CHARS: Final = 40
_ROW_START: Final = re.compile(r"其中|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d\.(?!\d)")
_DATE: Final = re.compile(r"\d{4}年")


def check_part_le_whole(
    rule: Rule, cells: list[Cell], missing: list[Missing], lines: list[str]
) -> tuple[RuleStatus, list[Finding]]:
    """Each 其中 row <= its parent; each request/case/staff total = the sum of its listed parts.

    Each printed column (the year's figures, 历年累计) is checked on its own. A check that
    needs an unread row (a 其中 row's parent, a part of a sum) is not made, and makes the
    rule not_assessable unless another check fails.
    """
    indicators = spec.legacy_indicators()  # copies of printed rows under their contract codes
    table = [c for c in cells if c.table == "legacy" and c.origin == "table" and c.row not in indicators]
    statuses: list[RuleStatus] = []
    out: list[Finding] = []
    for col in dict.fromkeys(c.col for c in table):
        read = [c for c in table if c.col == col]
        unread = [m for m in missing if m.table == "legacy" and m.col == col]
        column: list[Cell | Missing] | None = _printed_order(read, unread, lines) if unread else [*read]
        blocked: list[Missing] = unread if column is None else []
        if column is not None:
            _parts_within_parent(rule, column, statuses, out, blocked)
            _part_sums(rule, column, lines, statuses, out, blocked)
        if blocked:
            rows = list({m.row: m for m in blocked}.values())
            statuses.append("not_assessable")
            msg = f"统计表的{_COLUMN.get(col, col)}有{len(rows)}行未能读出（{rows[0].reason}），无法核验相关分项"
            out.append(finding(rule, "not_assessable", msg, None, None, [missing_evidence(m) for m in rows[:25]], col))
    if not statuses and not any(level(c.row) is not None or c.row.startswith("其中") for c in table):
        return "not_assessable", [finding(rule, "not_assessable", "没有可核验的统计表")]
    return overall(statuses), out


def _part_sums(
    rule: Rule,
    column: list[Cell | Missing],
    lines: list[str],
    statuses: list[RuleStatus],
    out: list[Finding],
    blocked: list[Missing],
) -> None:
    """Check each named total against its parts; not a sum with an unread row, or one ending the text."""
    for total, parts in part_groups([e.row for e in column]):
        members = [column[total], *(column[p] for p in parts)]
        gaps = [m for m in members if isinstance(m, Missing)]
        if gaps:
            blocked += gaps
            continue
        read = [c for c in members if isinstance(c, Cell)]
        ends = all(e.row.startswith("其中") for e in column[parts[-1] + 1 :])  # a part's own 其中 rows may follow
        if ends and _nothing_after(column[-1], lines):
            # A file cut between two rows leaves a shorter table that looks whole.
            statuses.append("not_assessable")
            msg = f"统计表在“{read[-1].row}”之后结束，文件可能被截断：“{read[0].row}”的分项可能不全"
            out.append(finding(rule, "not_assessable", msg, None, None, [evidence(c) for c in read], read[0].col))
            continue
        status, f = _sum_of_parts(rule, read)
        if status:
            statuses.append(status)
        if f:
            out.append(f)


def _printed_order(read: list[Cell], unread: list[Missing], lines: list[str]) -> list[Cell | Missing] | None:
    """Place read and unread rows as printed: by line, then where the label sits on it.

    A flattened table prints every row on one line, after its 指标名称 header; a label printed
    twice (#2) is its second occurrence there. None when a label is not found, or the read
    rows would change their order: then no check of the column is made.
    """
    by_place: dict[tuple[int, str], list[tuple[int, Cell | Missing]]] = {}
    entries: list[Cell | Missing] = [*read, *unread]
    for e in entries:
        if e.line is None or not 0 < e.line <= len(lines):
            return None
        label, nth = printed_label(e.row), e.row.partition("#")[2]
        by_place.setdefault((e.line, label), []).append((int(nth) if nth.isdigit() else 1, e))
    keyed: list[tuple[tuple[int, int], Cell | Missing]] = []
    compact: dict[int, str] = {}
    for (line, label), same in by_place.items():
        text = compact.get(line) or compact.setdefault(line, "".join(lines[line - 1].split()))
        pos = max(text.find("指标名称"), 0) - 1
        for _, e in sorted(same, key=lambda x: x[0]):
            pos = text.find(label, pos + 1)
            if pos < 0:
                return None
            keyed.append(((line, pos), e))
    keyed.sort(key=lambda x: x[0])
    ordered = [e for _, e in keyed]
    if [e for e in ordered if isinstance(e, Cell)] != read:
        return None
    return ordered


def _nothing_after(row: Cell | Missing, lines: list[str]) -> bool:
    """Return True if the text may end inside the table here: no words, or a row cut short, follow the row.

    A file cut inside the next row leaves its number and the start of its label, with no figure;
    a report that ends on its table follows it with a signature and date instead.
    """
    if row.line is None or not 0 < row.line <= len(lines):
        return False
    text = "".join(lines[row.line - 1].split())
    label = printed_label(row.row)
    at = text.rfind(label)
    after = [text[at + len(label) :] if at >= 0 else text, *lines[row.line :]]
    if not any(_WORDS.search(line) for line in after):
        return True
    tail = "".join("".join(line.split()) for line in after)
    return len(tail) <= _CUT_ROW_CHARS and not _DATE.search(tail) and _ROW_START.search(tail) is not None


def _parts_within_parent(
    rule: Rule, column: list[Cell | Missing], statuses: list[RuleStatus], out: list[Finding], blocked: list[Missing]
) -> None:
    parent: Cell | Missing | None = None
    for c in column:
        if not c.row.startswith("其中"):
            if level(c.row) is not None:
                parent = c
            continue
        if isinstance(c, Missing):
            blocked.append(c)
            continue
        if isinstance(parent, Missing):
            blocked.append(parent)
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


def _sum_of_parts(rule: Rule, members: list[Cell]) -> tuple[RuleStatus | None, Finding | None]:
    head, parts = members[0], members[1:]
    if head.value is None or any(c.value is None or c.unit != head.unit for c in parts):
        return None, None
    total = sum(float(c.value or 0) for c in parts)
    if abs(total - float(head.value)) < 1e-9:
        return "pass", None
    msg = f"“{head.row}” {fmt(head.value)} ≠ 所列分项之和 {fmt(total)}"
    cells = [evidence(head)] + [evidence(c) for c in parts]
    return "fail", finding(rule, "fail", msg, total, float(head.value), cells, head.row)
