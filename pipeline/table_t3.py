"""Table 3 (收到和处理政府信息公开申请情况): the token stream to canonical cells.

Rows are recognised by short distinctive words of their printed labels, so spacing,
numbering, wrapped lines and label typos do not matter; the column order is fixed by
the statutory format.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Final

from pipeline import spec
from pipeline.fit import Fit, fit_row
from pipeline.model import Cell, Missing
from pipeline.t3_columns import resolve
from pipeline.tokens import Tok, compact

# (row code, words any of which identify the row); order follows the printed table.
ROW_WORDS: Final[list[tuple[str, tuple[str, ...]]]] = [
    ("new_received", ("本年新收",)),
    ("carried_in", ("上年结转",)),
    ("granted", ("予以公开",)),
    ("partially_granted", ("部分公开",)),
    ("denied.state_secret", ("国家秘密",)),
    ("denied.prohibited_by_law", ("其他法律行政", "法律行政法规禁止")),
    ("denied.three_securities", ("三安全一稳定",)),
    ("denied.third_party", ("第三方合法权益",)),
    ("denied.internal_affairs", ("三类内部事务",)),
    ("denied.process_info", ("四类过程性",)),
    ("denied.enforcement_file", ("行政执法案卷",)),
    ("denied.query_matter", ("行政查询事项",)),
    ("unavailable.not_held", ("不掌握",)),
    ("unavailable.needs_creation", ("另行制作",)),
    ("unavailable.unclear", ("补正后申请内容", "仍不明确")),
    ("not_processed.petition", ("信访举报投诉",)),
    ("not_processed.repeated", ("重复申请",)),
    ("not_processed.publication", ("公开出版物",)),
    ("not_processed.excessive", ("大量反复申请",)),
    ("not_processed.confirmation", ("重新出具", "确认或重新")),
    ("other.no_correction", ("逾期不补正",)),
    ("other.unpaid_fee", ("缴纳费用", "收费通知")),
    ("other", ("其他处理",)),
    ("carried_out", ("结转下年度",)),
]
_NUMBERING: Final = re.compile(r"^(?:[一二三四五六七八九十]{1,3}|\d{1,2})")


@dataclass
class TableRead:
    """Cells read from one table, the cells that could not be placed, and layout facts."""

    cells: list[Cell]
    missing: list[Missing]
    found: bool
    single_other: bool = False


def _classify(label: Tok, group: str | None, started: bool) -> str | None:
    return _classify_text(label.text, group, started)


@lru_cache(maxsize=1 << 14)
def _classify_text(label: str, group: str | None, started: bool) -> str | None:
    text = compact(label)
    best: tuple[int, str] | None = None
    for code, words in ROW_WORDS:
        for w in words:
            at = text.rfind(w)
            if at >= 0 and (best is None or at > best[0]):
                best = (at, code)
    bare = _NUMBERING.sub("", text[best[0] :] if best else text)
    if started and bare == "总计":
        return "total_handled"
    if started and bare == "其他" and group == "other":
        return "other.other"
    return best[1] if best else None


def _occurrences(toks: list[Tok]) -> list[tuple[str, Tok, list[Tok]]]:
    occ: list[tuple[str, Tok, list[Tok]]] = []
    current: tuple[str, Tok, list[Tok]] | None = None
    started, group = False, None
    for t in toks:
        if t.kind != "label":
            if current is not None:
                current[2].append(t)
            continue
        row = _classify(t, group, started)
        if row == "other":
            group = "other"
        elif row and "." in row:
            group = row.split(".")[0]
        started = started or row == "new_received"
        if row and started:
            current = (row, t, [])
            occ.append(current)
        elif started and (current is None or current[2]):
            # A label after the values closes the row (one before them is a wrapped label). An
            # unrecognised label (a misprint) opens a row of its own, named later by its place.
            current = ("", t, [])
            occ.append(current)
    return occ


def _name_by_place(occ: list[tuple[str, Tok, list[Tok]]], era: str) -> list[tuple[str, Tok, list[Tok]]]:
    """Name each unrecognised label by the statutory row order, or drop it.

    A label none of the row words identify (a misprinted 三类内容事务) sits between two
    recognised rows; it is the row between them only when exactly one row of the era's order
    lies there, that row is printed nowhere else, and no other unnamed label with values shares
    the gap.
    """
    named = [i for i, (row, _, _) in enumerate(occ) if row]
    found = {occ[i][0] for i in named}
    out = [o for o in occ if o[0]]
    for a, b in pairwise(named):
        gap = [occ[i] for i in range(a + 1, b) if any(t.kind == "num" for t in occ[i][2])]
        if len(gap) != 1:
            continue
        between = {_rows_between(occ[a][0], occ[b][0], era, single) for single in (False, True)} - {None}
        if len(between) != 1:
            continue
        rows = between.pop()
        if rows is not None and len(rows) == 1 and rows[0] not in found:
            _, label, values = gap[0]
            out.insert(out.index(occ[b]), (rows[0], label, values))
    return out


def _rows_between(first: str, last: str, era: str, single_other: bool) -> tuple[str, ...] | None:
    order = spec.t3_rows(era, single_other=single_other)
    if first not in order or last not in order or order.index(first) >= order.index(last):
        return None
    return tuple(order[order.index(first) + 1 : order.index(last)])


def _cut_short(toks: list[Tok]) -> set[int]:
    """Return the ids of value tokens followed on their own multi-cell line by text.

    Columns count from the line's end only when the line ends with the row: one that runs on
    into text (a page truncated mid-row, markup left over) has lost its last cells.
    """
    return {
        id(a) for a, b in pairwise(toks) if a.kind != "label" and b.kind == "label" and b.line == a.line and b.pos >= 0
    }


def _from_end(label: Tok, values: list[Tok], from_end: int | None, cut_short: set[int]) -> int | None:
    # Only text on the row's own line cuts it short; a later line opening with an empty cell does not.
    return None if values and values[-1].line == label.line and id(values[-1]) in cut_short else from_end


def _label_col(label: Tok, values: list[Tok]) -> int:
    return label.pos if values and values[0].line == label.line else -1


def _header_from_end(toks: list[Tok]) -> int | None:
    """Return how many cells follow the 总计 column on the header line, before the first row."""
    for t in toks:
        if t.kind == "label" and _classify(t, None, False) == "new_received":
            return None
        if t.kind == "label" and t.pos >= 0 and compact(t.text) == "总计":
            width = max(u.pos for u in toks if u.line == t.line) + 1
            return width - 1 - t.pos
    return None


def _row_total(values: list[int | float | None]) -> bool | None:
    if any(v is None for v in values):
        return None
    return values[6] == sum(v for v in values[:6] if v is not None)


def _settle_by_columns(
    fits: dict[str, tuple[Tok, Fit]],
    failed: dict[str, tuple[Tok, Fit]],
    cols: list[str],
    era: str,
    rows: list[str],
) -> None:
    """Replace unsure rows by the one reading the column identities allow, when there is one.

    Rows no reading of which adds up to their own total are weighed too: the columns may still
    fix their reading, and the row's total then shows the misprint.
    """
    pending: dict[str, tuple[Tok, Fit]] = {r: f for r, f in fits.items() if f[1].unsure and f[1].readings}
    for row, (label, fit) in failed.items():
        if row not in fits and row not in pending and (fit.readings or fit.refuted):
            pending[row] = (label, fit)
    if not pending:
        return
    grid = {
        (r, c): v for r, (_, f) in fits.items() if r not in pending for c, v in zip(cols, f.values or [], strict=True)
    }
    chosen = resolve(grid, {r: f.readings or f.refuted for r, (_, f) in pending.items()}, cols, era, rows)
    for row, reading in chosen.items():
        label, fit = pending[row]
        owners = fit.toks if fit.toks else [label] * len(cols)
        # Glued readings print each value as its own digits, so the value's digits are its raw text.
        settled: list[Tok | None] = [
            replace(t or label, kind="num", text=str(v), raw=str(v)) if v is not None else None
            for t, v in zip(owners, reading, strict=True)
        ]
        fits[row] = (label, Fit(reading, settled, "settled by the column identities"))


def _absent(occ: list[tuple[str, Tok, list[Tok]]]) -> str:
    return "row label not found" if occ else "table not found"


@dataclass(frozen=True)
class _Layout:
    """Where a table's clean rows put their cells, when every one of them agrees.

    `start`: the first value column of rows printed on one line with their label (or `offset`:
    how many columns after the label it comes); `lead`: how many tokens come between a label
    alone on its line and its row's first cell (one cell per line).
    """

    start: int | None
    offset: int | None
    lead: int | None


def _layout(occ: list[tuple[str, Tok, list[Tok]]], k: int) -> _Layout:
    starts: set[int] = set()
    offsets: set[int] = set()
    leads: set[int] = set()
    for _, label, values in occ:
        nums = [t for t in values if t.kind == "num"]
        if len(nums) != k:
            continue
        if all(t.line == label.line for t in nums) and 0 <= label.pos < nums[0].pos:
            if [t.pos for t in nums] == list(range(nums[0].pos, nums[0].pos + k)):
                starts.add(nums[0].pos)
                offsets.add(nums[0].pos - label.pos)
        elif label.line not in {t.line for t in values} and len({t.line for t in nums}) == k:
            first, last = _position(values, nums[0]), _position(values, nums[-1])
            if last - first == k - 1:  # k cells in a row, no blank among them
                leads.add(first)
    # One disagreeing row says the table has no single layout; a pair of rows is too few to tell.
    return _Layout(_unanimous(starts, occ), _unanimous(offsets, occ), _unanimous(leads, occ))


def _position(toks: list[Tok], tok: Tok) -> int:
    """Return the index of `tok` itself in `toks`.

    list.index compares every token before it by value, in the dataclass's interpreted __eq__.
    """
    for i, t in enumerate(toks):
        if t is tok:
            return i
    raise ValueError("token not in list")


def _unanimous(seen: set[int], occ: list[tuple[str, Tok, list[Tok]]]) -> int | None:
    return next(iter(seen)) if len(seen) == 1 and len(occ) >= 3 else None


def _by_layout(label: Tok, values: list[Tok], k: int, layout: _Layout) -> Fit | None:
    """Place a row's cells where the table's clean rows put theirs (blank cells made it ambiguous)."""
    on_line = bool(values) and values[0].line == label.line
    start = layout.start if layout.start is not None else label.pos + (layout.offset or 0)
    if on_line and (layout.start is not None or layout.offset is not None) and 0 <= label.pos < start:
        fit = fit_row(values, k, _row_total, col_start=start, label_col=label.pos)
    elif not on_line and layout.lead is not None and label.line not in {t.line for t in values}:
        window, rest = values[layout.lead : layout.lead + k], values[: layout.lead] + values[layout.lead + k :]
        if len(window) < k or any(t.kind != "blank" for t in rest):
            return None
        fit = fit_row(window, k, _row_total, label_line=label.line)
    else:
        return None
    return fit if fit.values is not None and not fit.unsure else None


def read_t3(toks: list[Tok] | None, era: str) -> TableRead:
    """Read t3 from its section's tokens; every expected cell is either a Cell or a Missing."""
    cols = spec.t3_cols()
    occ = _name_by_place(_occurrences(toks or []), era)
    from_end = _header_from_end(toks or [])
    cut_short = _cut_short(toks or [])
    fits: dict[str, tuple[Tok, Fit]] = {}
    failed: dict[str, tuple[Tok, Fit]] = {}
    layout = _layout(occ, len(cols))
    for row, label, values in occ:
        if row in fits:
            continue
        fit = fit_row(
            values,
            len(cols),
            _row_total,
            cols_from_end=_from_end(label, values, from_end, cut_short),
            label_col=_label_col(label, values),
            label_line=label.line,
        )
        if fit.values is None or fit.unsure:
            fit = _by_layout(label, values, len(cols), layout) or fit
        if fit.values is not None:
            fits[row] = (label, fit)
        else:
            failed.setdefault(row, (label, fit))
    has_sub_other = any(r.startswith("other.") for r in fits)
    single_other = "other" in fits and not has_sub_other
    if era == "gov2019" and not has_sub_other:
        single_other = True
    rows = spec.t3_rows(era, single_other=single_other)
    _settle_by_columns(fits, failed, cols, era, rows)
    cells: list[Cell] = []
    missing: list[Missing] = []
    for row in rows:
        if row not in fits:
            label_fit = failed.get(row)
            why, line = (label_fit[1].reason, label_fit[0].line) if label_fit else (_absent(occ), None)
            missing.extend(Missing("t3", row, c, why, line) for c in cols)
            continue
        label, fit = fits[row]
        for i, (col, value, tok) in enumerate(zip(cols, fit.values or [], fit.toks, strict=True)):
            if i in fit.unsure:
                missing.append(Missing("t3", row, col, fit.reason, label.line))
                continue
            cells.append(Cell("t3", row, col, value, tok.raw if tok else "", tok.line if tok else label.line))
    return TableRead(cells, missing, bool(fits), single_other)
