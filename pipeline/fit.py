"""Place the tokens that follow a row label into that row's k cells, or refuse to.

Readings are tried from the most to the least certain:
1. exactly k numbers: they are the cells, in order (stray blanks are noise);
2. header positions: a multi-cell line whose values sit under the known columns;
3. blanks as empty cells: the one window of k tokens outside which everything is blank;
4. glued digits (flattened text): every way to cut the printed characters into k numbers.
When several readings fit, the row's own identity (its total) may pick one; if it
can't, the row is not read: a confident wrong number is worse than a missing one.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise, product
from typing import Final

from pipeline.numbers import decimals, parse_number
from pipeline.tokens import Tok, retext

Values = list[int | float | None]
Constraint = Callable[[Values], bool | None]
_MAX_SPLITS: Final = 5000
_MAX_OPEN_GAPS: Final = 4  # uncertain gaps between glued runs whose readings are all enumerated

# What one character between two glued runs on a line may be: a separator (a cell boundary),
# a space inside a split number ("1 8" for 18), a blank mark standing for an empty cell
# ("12/5"), or, after a decimal, the point of a second decimal ("4.59" + "4.59" → 4.594.59).
_CUT, _JOIN, _BLANK, _POINT = "cut", "join", "blank", "point"
_GAP_READINGS: Final = {"soft": (_CUT, _JOIN, _BLANK), "point": (_CUT, _JOIN, _BLANK, _POINT)}


Readout = tuple[int | float | None, ...]  # one admissible reading of a row


# Not frozen, and its __init__ written out: mypyc compiles that one, while a frozen
# dataclass's generated __init__ runs as Python (~8,000 instructions a Fit). Never changed.
@dataclass(init=False)
class Fit:
    """The cells of one row: values, the token each came from (None when blank), or a reason.

    `unsure` lists the cells on which several admissible readings disagree: those are not
    read, while the cells every reading agrees on are.
    """

    values: Values | None
    toks: list[Tok | None]
    reason: str = ""
    unsure: tuple[int, ...] = ()
    readings: tuple[Readout, ...] = ()  # every admissible reading, when unsure
    refuted: tuple[Readout, ...] = ()  # every reading, when the row's identity refutes all

    def __init__(
        self,
        values: Values | None,
        toks: list[Tok | None],
        reason: str = "",
        unsure: tuple[int, ...] = (),
        readings: tuple[Readout, ...] = (),
        refuted: tuple[Readout, ...] = (),
    ) -> None:
        self.values = values
        self.toks = toks
        self.reason = reason
        self.unsure = unsure
        self.readings = readings
        self.refuted = refuted


@dataclass(frozen=True)
class _Reading:
    """A candidate reading; glued pieces become tokens only once a reading is chosen."""

    values: tuple[int | float | None, ...]
    cells: tuple[Tok | tuple[Tok, str] | None, ...]  # a token, (owner token, its piece of text), or blank

    def toks(self) -> list[Tok | None]:
        # Each glued piece keeps its own digits as raw text, so evidence shows what was split off.
        return [retext(c[0], c[1], c[1]) if isinstance(c, tuple) else c for c in self.cells]

    def fit(self, reason: str = "") -> Fit:
        return Fit(list(self.values), self.toks(), reason)


def fit_row(
    toks: Sequence[Tok],
    k: int,
    constraint: Constraint | None = None,
    col_start: int | None = None,
    cols_from_end: int | None = None,
    label_col: int = -1,
    near: Constraint | None = None,
    label_line: int | None = None,
) -> Fit:
    """Return the unique reading of `toks` as k cells, or a Fit with values None and a reason.

    Header positions, when known, are either the first value column (`col_start`) or how many
    cells follow the last value column on a line (`cols_from_end`, for rows whose label cells
    vary in number because spanned cells were dropped). Values never sit in or before the
    label's own column (`label_col`, when the label shares their line); a label alone on its
    line (`label_line`) with the row's k cells on k lines of their own makes each line one cell.
    When the row's
    identity refutes every reading, `near` may still accept one: the only reading that a single
    misprinted cell explains (see `_pick`).
    """
    toks = _join_within_lines(_join_within_cells(toks), k, label_line)
    nums = [t for t in toks if t.kind == "num"]
    glued = any(_splittable(t) for t in nums)
    if len(nums) == k and not glued:
        return Fit([parse_number(t.text) for t in nums], list(nums))
    if not nums:
        positional = _positional(toks, k, col_start, cols_from_end, label_col) if toks else None
        if positional is None and len(toks) == k:
            return Fit([None] * k, [None] * k)  # k printed blanks for k cells: every cell is blank
        return positional or Fit(None, [], "no values after the label")
    if len(nums) < k:
        positional = _positional(toks, k, col_start, cols_from_end, label_col)
        if positional is not None:
            return positional
        if any(t.kind == "blank" for t in toks):
            return _pick(list(_windows(toks, k)), constraint, "blank cells can be placed in more than one way", near)
    if glued:
        fit = _glued(nums, k, constraint, near)
        if fit.values is not None or fit.readings or len(nums) <= k:
            return fit
    if len(nums) > k:
        merged = _merges(nums, k, constraint)
        return merged or Fit(None, [], f"{len(nums)} values where the row has {k} cells")
    return Fit(None, [], f"{len(nums)} values where the row has {k} cells")


def _join_within_cells(toks: Sequence[Tok]) -> Sequence[Tok]:
    """Rejoin digits that share one cell of a multi-cell line (a tab cell "1 3"): a cell holds one value."""
    if not any(
        a.pos >= 0 and a.kind == b.kind == "num" and a.pos == b.pos and a.line == b.line for a, b in pairwise(toks)
    ):
        return toks
    out: list[Tok] = []
    for t in toks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and t.pos >= 0
            and prev.kind == t.kind == "num"
            and (prev.line, prev.pos) == (t.line, t.pos)
            and prev.text.isdigit()
            and t.text.isdigit()
            and not prev.unit
        ):
            out[-1] = retext(prev, prev.text + t.text, f"{prev.raw} {t.raw}", prev.glued or t.glued)
        else:
            out.append(t)
    return out


def _join_within_lines(toks: Sequence[Tok], k: int, label_line: int | None) -> Sequence[Tok]:
    """Rejoin a number split by a space ("25 9" for 259) when each of the row's k lines is one cell.

    That is the one-cell-per-line layout: the label alone on its line, the values on exactly k
    lines below it. Only plain digit pieces one space apart are joined.
    """
    lines = _values_by_line(toks, label_line)
    if lines is None or all(len(g) == 1 for g in lines.values()):
        return toks  # no line holds two pieces: nothing to join (most rows)
    # A line holding only a blank mark (「/」, 「—」) is one of the k cells too.
    blank_lines = {t.line for t in toks if t.kind == "blank" and t.text} - lines.keys()
    if len(lines) + len(blank_lines) != k:
        return toks
    joined: dict[int, Tok] = {}
    for line, group in lines.items():
        if len(group) == 1:
            continue
        if (
            group[0].text.startswith("0")
            or any(t.pos >= 0 or t.unit or t.glued or not t.text.isdigit() for t in group)
            or any(b.offset - a.offset - len(a.text) != 1 for a, b in pairwise(group))
        ):
            return toks
        text = "".join(t.text for t in group)
        joined[line] = retext(group[0], text, " ".join(t.raw for t in group))
    out: list[Tok] = []
    for t in toks:
        if t.kind != "num" or t.line not in joined:
            out.append(t)
        elif t is lines[t.line][0]:
            out.append(joined[t.line])
    return out


def _values_by_line(toks: Sequence[Tok], label_line: int | None) -> dict[int, list[Tok]] | None:
    """Group the value tokens by line; None unless the label stands alone on its line (`label_line`)."""
    if label_line is None:
        return None
    lines: dict[int, list[Tok]] = {}
    for t in toks:
        if t.kind == "num":
            if t.line == label_line:
                return None  # values beside the label: not one cell per line
            lines.setdefault(t.line, []).append(t)
    return lines


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
        joined = retext(a, a.text + b.text, f"{a.raw} {b.raw}")
        toks = [*nums[:i], joined, *nums[i + 2 :]]
        values: Values = [parse_number(t.text) for t in toks]
        if constraint(values):
            found.append(Fit(values, list(toks), "a number split across two cells, rejoined"))
    return found[0] if len(found) == 1 else None


def _splittable(t: Tok) -> bool:
    # Glued to text, or a run like "00"/"023" that no single count is printed as.
    return t.glued or (len(t.text) > 1 and t.text[0] == "0" and t.text.isdigit())


def _pick(cands: list[_Reading], constraint: Constraint | None, why: str, near: Constraint | None = None) -> Fit:
    """Return the one admissible reading, else the cells every admissible reading agrees on.

    A reading the row's own identity refutes is not admissible. When every reading is refuted,
    the row misprints a figure: the readings `near` accepts (one misprinted cell explains them)
    are weighed as admissible ones are, so the misprint shows; else no cell of the row is read,
    and the readings are kept for identities beyond the row to choose from.
    """
    if not cands:
        return Fit(None, [], "the values do not fit the row's cells")
    if len(cands) == 1:
        return cands[0].fit()
    if constraint is not None:
        verdicts = [constraint(list(c.values)) for c in cands]
        holding = [c for c, v in zip(cands, verdicts, strict=True) if v]
        if len(holding) == 1:
            return holding[0].fit()
        every = cands
        cands = holding or [c for c, v in zip(cands, verdicts, strict=True) if v is None]
        if not cands:
            explained = [c for c in every if near is not None and near(list(c.values))]
            if len(explained) == 1:
                return explained[0].fit(f"{why}; one reading leaves a single misprinted figure")
            if explained:
                return _agreement(explained, f"{why}; each reading leaves a single misprinted figure")
            refuted = tuple(c.values for c in every)
            return Fit(None, [], f"{why}, and no reading satisfies the row's total", refuted=refuted)
        if len(cands) == 1:
            return cands[0].fit()
    return _agreement(cands, why)


def _agreement(cands: list[_Reading], why: str) -> Fit:
    """Keep the cells on which every candidate reading agrees; the others are unsure."""
    first = cands[0]
    width = len(first.values)
    unsure = tuple(i for i in range(width) if len({c.values[i] for c in cands}) > 1)
    readings = tuple(c.values for c in cands)
    if len(unsure) == width:
        return Fit(None, [], why, unsure, readings)
    return Fit(list(first.values), first.toks(), f"{why} ({len(cands)} readings)", unsure, readings)


def _positional(
    toks: Sequence[Tok], k: int, col_start: int | None, cols_from_end: int | None, label_col: int = -1
) -> Fit | None:
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
        if col_start <= label_col:
            return None  # the line is shorter than the header says: cut off, or another table's header
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


def _windows(toks: Sequence[Tok], k: int) -> Iterator[_Reading]:
    for s in range(len(toks) - k + 1):
        window = toks[s : s + k]
        outside = list(toks[:s]) + list(toks[s + k :])
        if all(t.kind == "blank" for t in outside):
            cells = tuple(t if t.kind == "num" else None for t in window)
            yield _Reading(tuple(parse_number(t.text) if t else None for t in cells), cells)


# --- glued digits -------------------------------------------------------------------------------

Run = tuple[str, tuple[int, ...], bool] | None  # (text, owning token per character, splittable) or a blank cell


def _glued(nums: Sequence[Tok], k: int, constraint: Constraint | None, near: Constraint | None = None) -> Fit:
    """Read glued digit runs as k cells: every cut of the characters, every reading of their gaps."""
    gaps = tuple(_gap(a, b) for a, b in pairwise(nums))
    readings = _glued_readings(tuple(t.text for t in nums), tuple(_splittable(t) for t in nums), gaps, k)
    if isinstance(readings, str):
        return Fit(None, [], readings)
    found = [
        _Reading(values, tuple((nums[cell[0]], cell[1]) if cell else None for cell in cells))
        for values, cells in readings
    ]
    return _pick(found, constraint, "glued digits can be split in more than one way", near)


# Every admissible cut of glued runs into k cells: (values, (token index, printed text) or None per cell).
_Readings = tuple[tuple[tuple[int | float | None, ...], tuple[tuple[int, str] | None, ...]], ...]
# Flattened tables glue the same runs in report after report ("0000000" for a row of zeros):
# 18,000 glued rows of 3,000 reports held 3,600 distinct ones. Their cuts depend only on the
# texts, the gaps and k, so each is enumerated once. The cache stays within a few MB (at most
# 2,048 runs of up to 16 readings; on the 9,932 reports of the 100k bench's 2025, 90% hits).
_READINGS_CACHE: Final[dict[tuple[object, ...], _Readings | str]] = {}
_CACHED_READINGS: Final = 16
_CACHE_ENTRIES: Final = 2048


def _glued_readings(
    texts: tuple[str, ...], splittable: tuple[bool, ...], gaps: tuple[str, ...], k: int
) -> _Readings | str:
    """Return every reading of the runs (see _Readings), or the reason there are too many to list."""
    key = (texts, splittable, gaps, k)
    hit = _READINGS_CACHE.get(key)
    if hit is None:
        hit = _enumerate_readings(texts, splittable, gaps, k)
        if isinstance(hit, str) or len(hit) <= _CACHED_READINGS:
            if len(_READINGS_CACHE) >= _CACHE_ENTRIES:
                _READINGS_CACHE.clear()
            _READINGS_CACHE[key] = hit
    return hit


def _enumerate_readings(
    texts: tuple[str, ...], splittable: tuple[bool, ...], gaps: tuple[str, ...], k: int
) -> _Readings | str:
    open_gaps = [i for i, g in enumerate(gaps) if g != "hard"]
    if len(open_gaps) > _MAX_OPEN_GAPS:
        return "glued digits admit too many readings to place"
    found: dict[tuple[int | float | None, ...], tuple[tuple[int, str] | None, ...]] = {}
    decimal = any("." in t for t in texts)
    for choice in product(*(_GAP_READINGS[gaps[i]] for i in open_gaps)):
        runs = _runs(texts, splittable, dict(zip(open_gaps, choice, strict=True)))
        for cut in _cut_runs(runs, k):
            if len(found) > _MAX_SPLITS:
                # An incomplete list of readings can't show which cells all readings agree on.
                return "glued digits admit too many readings to place"
            pieces = [p[1] if p is not None else None for p in cut]
            if decimal and not _one_format(pieces):
                continue
            values = tuple(parse_number(t) if t is not None else None for t in pieces)
            if values not in found:
                found[values] = tuple(cut)
    return tuple(found.items())


def _gap(a: Tok, b: Tok) -> str:
    """Return what the characters between two adjacent number tokens may be."""
    if a.line != b.line or a.pos != b.pos or a.unit or b.text[0] in "+-" or "," in a.text + b.text:
        return "hard"  # another cell, a unit, or a sign that opens the next number
    if b.offset - a.offset - len(a.text) != 1 or not (_splittable(a) or _splittable(b)):
        return "hard"  # wider gaps are separators; between plain numbers a space is a cell boundary
    return "point" if "." in a.text and b.text.isdigit() else "soft"


def _runs(texts: tuple[str, ...], splittable: tuple[bool, ...], gap_readings: dict[int, str]) -> list[Run]:
    runs: list[Run] = []
    text, owners, split = texts[0], [0] * len(texts[0]), splittable[0]
    for i in range(1, len(texts)):
        how = gap_readings.get(i - 1, _CUT)
        if how in (_JOIN, _POINT):
            sep = "." if how == _POINT else ""
            text += sep + texts[i]
            owners += [i - 1] * len(sep) + [i] * len(texts[i])
            split = split or splittable[i]
            continue
        runs.append((text, tuple(owners), split))
        if how == _BLANK:
            runs.append(None)
        text, owners, split = texts[i], [i] * len(texts[i]), splittable[i]
    runs.append((text, tuple(owners), split))
    return runs


def _cut_runs(runs: list[Run], k: int) -> Iterator[list[tuple[int, str] | None]]:
    """Yield every cut of the runs into k cells: (owning token index, printed text) or None for a blank."""
    if not runs:
        if k == 0:
            yield []
        return
    head, rest = runs[0], runs[1:]
    room = sum(1 if r is None or not r[2] else len(r[0]) for r in rest)
    if head is None:
        if len(rest) <= k - 1 <= room:
            for tail in _cut_runs(rest, k - 1):
                yield [None, *tail]
        return
    text, owners, splittable = head
    for n in range(1, (len(text) if splittable else 1) + 1):
        if not len(rest) <= k - n <= room:
            continue
        for parts in _cut_text(text, 0, n):
            for tail in _cut_runs(rest, k - n):
                yield [*((owners[s], text[s:e]) for s, e in parts), *tail]


def _cut_text(s: str, start: int, n: int) -> Iterator[list[tuple[int, int]]]:
    """Yield the cuts of s[start:] into n printable numbers, as (start, end) spans."""
    if n == 1:
        if _printable(s[start:], start == 0):
            yield [(start, len(s))]
        return
    for end in range(start + 1, len(s) - n + 2):
        if not _printable(s[start:end], start == 0):
            if s[start] == "0" and end > start + 1 and s[start + 1] != ".":
                break  # a leading zero never starts a longer number
            continue
        for rest in _cut_text(s, end, n - 1):
            yield [(start, end), *rest]


def _printable(p: str, first: bool) -> bool:
    """Return True if p is how one number is printed: a sign only where the run opened with it."""
    if p[:1] in ("+", "-"):
        if not first:
            return False
        p = p[1:]
    if not p or p[0] == "." or p[-1] == "." or p.count(".") > 1:
        return False
    return not (p[0] == "0" and len(p) > 1 and p[1] != ".")


def _one_format(texts: list[str | None]) -> bool:
    # Figures printed with decimals in one row share one format: 4.594.59 is 4.59 and 4.59.
    places = {decimals(t) if "." in t else -1 for t in texts if t is not None}
    return len(places) == 1
