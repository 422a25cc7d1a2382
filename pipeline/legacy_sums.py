"""Settle flattened pre-2019 rows that several readings fit, using the form's listed parts.

A flattened statistics table glues each row's year and 历年累计 figures (收到申请数件3291.当面
申请数件021…: 3 and 29, or 32 and 9). The forms list the parts of a request or case total
right below it, numbered from 1, and the total is their sum (legacy.part_le_whole). When
exactly one combination of the candidate readings makes every such sum hold, that is the
reading; otherwise the rows stay missing.

Only totals that the forms define as the sum of their parts count: applications received,
completed and answered, review and litigation cases, staff. A breakdown by channel (主动公开
via 网站, 公报, 微博…) may count one item several times, and a flattened table drops the
blank heading rows that separate sections, so any other numbered run may not be parts.
"""

import re
from typing import Final

from pipeline.catalogue import IdentityInstance
from pipeline.fit import Readout
from pipeline.t3_columns import balance

_SUM_TOTAL: Final = re.compile(r"(?:收到|受理).*申请|申请.*(?:办结|答复)|行政复议|行政诉讼|人员")
_ARABIC: Final = re.compile(r"^(?:其中[:：])?(\d+)[.、]")
_CHINESE: Final = re.compile(r"^\(([一二三四五六七八九十]+)\)")
_TOP: Final = re.compile(r"^[一二三四五六七八九十]+、")
# The printed numbering levels: 一、 > (一) > 1. (a 其中 row has none of its own).
_LEVELS: Final = ((_TOP, 1), (_CHINESE, 2), (re.compile(r"^\d+[.、]"), 3))
_CHINESE_NUMBERS: Final = "一二三四五六七八九十"


def _number(label: str, chinese: bool) -> int | None:
    if chinese:
        m = _CHINESE.match(label)
        return _CHINESE_NUMBERS.index(m.group(1)) + 1 if m and len(m.group(1)) == 1 else None
    m = _ARABIC.match(label)
    return int(m.group(1)) if m else None


def part_groups(rows: list[str]) -> list[tuple[int, list[int]]]:
    """Return (total, parts) row indexes: a request/case/staff total, then parts numbered 1, 2, …

    The first part follows the total directly (a total without numbering of its own must
    introduce it with 其中); 其中 rows between parts belong to a part and are passed over.
    """
    groups: list[tuple[int, list[int]]] = []
    for i, total in enumerate(rows[:-1]):
        if not _SUM_TOTAL.search(printed_label(total)) or total.startswith("其中") or _ARABIC.match(total):
            continue
        chinese = bool(_TOP.match(total))
        first = rows[i + 1]
        if _number(first, chinese) != 1 or not (_CHINESE.match(total) or chinese or first.startswith("其中")):
            continue
        parts = [i + 1]
        for j in range(i + 2, len(rows)):
            n = _number(rows[j], chinese)
            if n == len(parts) + 1:
                parts.append(j)
            elif n is not None or not rows[j].startswith("其中"):
                break
        if len(parts) >= 2:
            groups.append((i, parts))
    return groups


def level(row: str) -> int | None:
    """Return the numbering level of a row code: 1 for 一、, 2 for (一), 3 for 1., else None."""
    for pattern, n in _LEVELS:
        if pattern.match(row):
            return n
    return None


def printed_label(row: str) -> str:
    """Return the label as printed: a row code without its #2 suffix for a repeated label."""
    return row.split("#", 1)[0]


def settle(
    rows: list[str],
    known: dict[tuple[str, str], int | float | None],
    pending: dict[str, tuple[Readout, ...]],
    cols: list[str],
) -> dict[str, Readout]:
    """Return the one reading per pending row that makes every touched part sum hold.

    `known` holds the (row, column) figures read with certainty. Sums that share no pending
    row are settled apart, so one that balances two ways leaves the others settled.
    """
    groups = [
        (rows[total], [rows[p] for p in parts])
        for total, parts in part_groups(rows)
        if rows[total] in pending or any(rows[p] in pending for p in parts)
    ]
    chosen: dict[str, Readout] = {}
    for linked in _linked(groups, pending):
        chosen.update(_settle_linked(linked, known, pending, cols))
    return chosen


def _linked(
    groups: list[tuple[str, list[str]]], pending: dict[str, tuple[Readout, ...]]
) -> list[list[tuple[str, list[str]]]]:
    """Split the sums into sets that share pending rows (a row both a part and a total links two)."""
    sets: list[tuple[set[str], list[tuple[str, list[str]]]]] = []
    for total, parts in groups:
        mine = {row for row in (total, *parts) if row in pending}
        joined = [s for s in sets if s[0] & mine]
        sets = [s for s in sets if not s[0] & mine]
        sets.append((mine.union(*(s[0] for s in joined)), [g for s in joined for g in s[1]] + [(total, parts)]))
    return [linked for _, linked in sets]


def _settle_linked(
    groups: list[tuple[str, list[str]]],
    known: dict[tuple[str, str], int | float | None],
    pending: dict[str, tuple[Readout, ...]],
    cols: list[str],
) -> dict[str, Readout]:
    # Weighed in every column at once (历年累计 adds up as the year does); when no reading
    # balances them all, the year's column alone decides, as a running total may be misprinted.
    touched = {row for total, parts in groups for row in (total, *parts) if row in pending}
    options = {row: pending[row] for row in touched}
    for summed in (cols, cols[:1]) if len(cols) > 1 else (cols,):
        equations = [
            IdentityInstance(
                "legacy.part_le_whole", total, (("legacy", total, col),), tuple(("legacy", p, col) for p in parts)
            )
            for total, parts in groups
            for col in summed
        ]
        found = balance(dict(known), options, equations, cols)
        if found is not None:
            return found
    return {}
