"""Table 4 (行政复议、行政诉讼): one row of 15 cells under a three-level header."""

from typing import Final

from pipeline import spec
from pipeline.fit import Fit, fit_row
from pipeline.model import Cell, Missing
from pipeline.table_t3 import TableRead
from pipeline.tokens import Tok

_K: Final = 15


def _groups_hold(values: list[int | float | None]) -> bool | None:
    if any(v is None for v in values):
        return None
    nums = [v or 0 for v in values]
    return all(nums[g + 4] == sum(nums[g : g + 4]) for g in (0, 5, 10))


def _one_group_off(values: list[int | float | None]) -> bool | None:
    """Return True if exactly one group's total is off: a single misprinted figure explains it."""
    if any(v is None for v in values):
        return None
    nums = [v or 0 for v in values]
    return sum(nums[g + 4] != sum(nums[g : g + 4]) for g in (0, 5, 10)) == 1


def _runs(toks: list[Tok]) -> list[list[Tok]]:
    runs: list[list[Tok]] = [[]]
    for t in toks:
        if t.kind == "label":
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(t)
    return [r for r in runs if any(t.kind == "num" for t in r)]


def read_t4(toks: list[Tok] | None) -> TableRead:
    """Read the 15 t4 cells: the one run of values between labels that fits the row."""
    cols = spec.t4_cols()
    fits: list[Fit] = []
    reasons: list[str] = []
    last_line: int | None = None
    for run in _runs(toks or []):
        last_line = next(t.line for t in run if t.kind == "num")
        first_line = next(t.line for t in run if t.kind == "num")
        on_line = [t for t in run if t.line == first_line]
        # Columns count from the left only when the figures row is exactly the grid's width and
        # opens with a figure; a wider row (spans reaching down from a cut header) can't be placed.
        width = max((t.pos for t in on_line), default=-1) + 1
        trailing_blank = all(t.kind == "blank" for t in on_line if t.pos >= _K)
        fills = on_line[0].pos == 0 and on_line[0].kind == "num" and (width == _K or trailing_blank)
        start = 0 if fills and width <= _K + 1 else None
        fit = fit_row(run, _K, _groups_hold, start, near=_one_group_off)
        if fit.values is not None:
            fits.append(fit)
        else:
            reasons.append(fit.reason)
    if len(fits) != 1:
        why = "more than one run of values fits the table" if fits else (reasons[-1] if reasons else "table not found")
        return TableRead([], [Missing("t4", "cases", c, why, last_line) for c in cols], bool(fits))
    fit = fits[0]
    line = next(t.line for t in fit.toks if t is not None) if any(fit.toks) else None
    cells = [
        Cell("t4", "cases", col, value, tok.raw if tok else "", tok.line if tok else line)
        for i, (col, value, tok) in enumerate(zip(cols, fit.values or [], fit.toks, strict=True))
        if i not in fit.unsure
    ]
    unsure = [Missing("t4", "cases", cols[i], fit.reason, line) for i in fit.unsure]
    return TableRead(cells, unsure, True)
