"""Place the tokens that follow a row label into that row's k cells, or refuse to.

Readings are tried from the most to the least certain:
1. exactly k numbers: they are the cells, in order (stray blanks are noise);
2. header positions: a multi-cell line whose values sit under the known columns;
3. blanks as empty cells: the one window of k tokens outside which everything is blank;
4. glued digits (flattened text): the one split of the digit runs into k numbers.
When several readings fit, the row's own identity (its total) may pick one; if it
can't, the row is not read: a confident wrong number is worse than a missing one.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from pipeline.numbers import parse_number
from pipeline.tokens import Tok

Values = list[int | float | None]
Constraint = Callable[[Values], bool | None]
_MAX_SPLITS = 5000


@dataclass(frozen=True)
class Fit:
    """The cells of one row: values, the token each came from (None when blank), or a reason.

    `unsure` lists the cells on which several admissible readings disagree: those are not
    read, while the cells every reading agrees on are.
    """

    values: Values | None
    toks: list[Tok | None]
    reason: str = ""
    unsure: tuple[int, ...] = ()
    readings: tuple[tuple[int | float | None, ...], ...] = ()  # every admissible reading, when unsure


def fit_row(
    toks: Sequence[Tok],
    k: int,
    constraint: Constraint | None = None,
    col_start: int | None = None,
    cols_from_end: int | None = None,
) -> Fit:
    """Return the unique reading of `toks` as k cells, or a Fit with values None and a reason.

    Header positions, when known, are either the first value column (`col_start`) or how many
    cells follow the last value column on a line (`cols_from_end`, for rows whose label cells
    vary in number because spanned cells were dropped).
    """
    nums = [t for t in toks if t.kind == "num"]
    if len(nums) == k:
        return Fit([parse_number(t.text) for t in nums], list(nums))
    if not nums:
        positional = _positional(toks, k, col_start, cols_from_end) if toks else None
        if positional is None and len(toks) == k:
            return Fit([None] * k, [None] * k)  # k printed blanks for k cells: every cell is blank
        return positional or Fit(None, [], "no values after the label")
    if len(nums) > k:
        merged = _merges(nums, k, constraint)
        return merged or Fit(None, [], f"{len(nums)} values where the row has {k} cells")
    positional = _positional(toks, k, col_start, cols_from_end)
    if positional is not None:
        return positional
    if any(t.kind == "blank" for t in toks):
        return _pick(list(_windows(toks, k)), constraint, "blank cells can be placed in more than one way")
    if any(_splittable(t) for t in nums):
        splits = list(_splits(nums, k))
        if len(splits) > _MAX_SPLITS:
            # An incomplete list of readings can't show which cells all readings agree on.
            return Fit(None, [], "glued digits admit too many readings to place")
        return _pick(splits, constraint, "glued digits can be split in more than one way")
    return Fit(None, [], f"{len(nums)} values where the row has {k} cells")


def _merges(nums: Sequence[Tok], k: int, constraint: Constraint | None) -> Fit | None:
    """Rejoin a number split across two cells ("1 2" for 12) when the row's own total confirms it.

    Only a unique confirmed rejoining is taken: nothing else says which two pieces belong together.
    """
    if constraint is None or len(nums) != k + 1:
        return None
    found: list[Fit] = []
    for i in range(len(nums) - 1):
        a, b = nums[i], nums[i + 1]
        if a.line != b.line or not (a.text.isdigit() and b.text.isdigit()) or a.text.startswith("0"):
            continue
        joined = replace(a, text=a.text + b.text, raw=f"{a.raw} {b.raw}")
        toks = [*nums[:i], joined, *nums[i + 2 :]]
        values: Values = [parse_number(t.text) for t in toks]
        if constraint(values):
            found.append(Fit(values, list(toks), "a number split across two cells, rejoined"))
    return found[0] if len(found) == 1 else None


def _splittable(t: Tok) -> bool:
    # Glued to text, or a run like "00"/"023" that no single count is printed as.
    return t.glued or (len(t.text) > 1 and t.text[0] == "0" and t.text.isdigit())


def _pick(cands: list[Fit], constraint: Constraint | None, why: str) -> Fit:
    if len(cands) == 1:
        return cands[0]
    if not cands:
        return Fit(None, [], "the values do not fit the row's cells")
    if constraint is not None:
        holding = [c for c in cands if c.values is not None and constraint(c.values)]
        if len(holding) == 1:
            return holding[0]
        if holding:
            cands = holding
    return _agreement(cands, why)


def _agreement(cands: list[Fit], why: str) -> Fit:
    """Keep the cells on which every candidate reading agrees; the others are unsure."""
    first = cands[0]
    if first.values is None:
        return Fit(None, [], why)
    unsure = tuple(i for i in range(len(first.values)) if len({(c.values or [])[i] for c in cands}) > 1)
    readings = tuple(tuple(c.values or []) for c in cands)
    if len(unsure) == len(first.values):
        return Fit(None, [], why, tuple(range(len(first.values))), readings)
    return Fit(first.values, first.toks, f"{why} ({len(cands)} readings)", unsure, readings)


def _positional(toks: Sequence[Tok], k: int, col_start: int | None, cols_from_end: int | None) -> Fit | None:
    if col_start is None and cols_from_end is None:
        return None
    # Only the label's own line counts; blank cells that open the next line are not this row's.
    line0 = next((t.line for t in toks if t.kind == "num"), toks[0].line)
    if any(t.line != line0 and t.kind != "blank" for t in toks):
        return None
    toks = [t for t in toks if t.line == line0]
    if any(t.pos < 0 for t in toks):
        return None
    last = max(t.pos for t in toks)
    if col_start is None:
        col_start = last + 1 - (cols_from_end or 0) - k
        if col_start < 0:
            return None
    if last < col_start + k - 1:
        return None
    by_pos = {t.pos: t for t in toks}
    if any(t.kind == "num" and not col_start <= t.pos < col_start + k for t in toks):
        return None
    cells: list[Tok | None] = []
    for p in range(col_start, col_start + k):
        t = by_pos.get(p)
        cells.append(t if t is not None and t.kind == "num" else None)
    return Fit([parse_number(t.text) if t else None for t in cells], cells)


def _windows(toks: Sequence[Tok], k: int) -> Iterator[Fit]:
    for s in range(len(toks) - k + 1):
        window = toks[s : s + k]
        outside = list(toks[:s]) + list(toks[s + k :])
        if all(t.kind == "blank" for t in outside):
            cells = [t if t.kind == "num" else None for t in window]
            yield Fit([parse_number(t.text) if t else None for t in cells], cells)


def _splits(nums: Sequence[Tok], k: int) -> Iterator[Fit]:
    fixed = tuple(not _splittable(t) for t in nums)
    for count, pieces in enumerate(_split_runs([t.text for t in nums], k, fixed), start=1):
        if count > _MAX_SPLITS + 1:
            return
        values: Values = [int(p) for p in pieces]
        owners = [t for t, n in zip(nums, _piece_counts(nums, pieces), strict=True) for _ in range(n)]
        # Each cell keeps its own digits as raw text, so evidence shows what was split off.
        cells: list[Tok | None] = [replace(t, text=p, raw=p) for t, p in zip(owners, pieces, strict=True)]
        yield Fit(values, cells)


def _piece_counts(nums: Sequence[Tok], pieces: list[str]) -> list[int]:
    counts, i = [], 0
    for t in nums:
        used, n = 0, 0
        while used < len(t.text):
            used += len(pieces[i])
            i += 1
            n += 1
        counts.append(n)
    return counts


def _split_runs(runs: list[str], k: int, fixed: tuple[bool, ...] | None = None) -> Iterator[list[str]]:
    """Yield every split of the digit runs into k numbers; a `fixed` run stays whole."""
    fixed = fixed if fixed is not None else tuple(False for _ in runs)
    if not runs:
        if k == 0:
            yield []
        return
    if any(not r.isdigit() for r in runs):
        return
    head, rest = runs[0], runs[1:]
    min_rest = len(rest)
    max_rest = sum(1 if f else len(r) for r, f in zip(rest, fixed[1:], strict=True))
    for n in range(1, (1 if fixed[0] else len(head)) + 1):
        if not min_rest <= k - n <= max_rest:
            continue
        for parts in _split_digits(head, n):
            for tail in _split_runs(rest, k - n, fixed[1:]):
                yield parts + tail


def _split_digits(s: str, n: int) -> Iterator[list[str]]:
    if n == 1:
        if len(s) == 1 or s[0] != "0":
            yield [s]
        return
    for i in range(1, len(s) - n + 2):
        piece = s[:i]
        if len(piece) > 1 and piece[0] == "0":
            break
        for rest in _split_digits(s[i:], n - 1):
            yield [piece, *rest]
