"""Mutations of real reports, and a judge of whether the pipeline read each mutant honestly.

A mutant is a report damaged the way real collections damage them: cut off, a line lost or
doubled, two figures swapped, digits printed full-width, saved as GBK. For each one we know
what an honest reading must give: every value equal to the original's (or, for a swap, to
the swapped figure; for a row printed one cell per line that lost or gained a whole cell, to
its neighbour's, as the damaged print now shows), or reported missing, or flagged by a
failing rule whose evidence names that cell. Anything else is a *confident wrong value*:
the warehouse would store a number the report never printed there, with nothing to say so.
"""

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.model import Cell, Report

KINDS = ("truncate", "delete_line", "duplicate_line", "swap_numbers", "fullwidth_digits", "reencode_gbk")
Key = tuple[str, str, str]
# A figure standing alone: digits (ASCII or full-width), maybe decimals, no digit or point
# on either side.
_NUMBER = re.compile(r"(?<![0-9０-９.．])[0-9０-９]+(?:[.．][0-9０-９]+)?(?![0-9０-９.．])")
# A line printing one figure and nothing else but separators: "5", "5 |", "| 5 |".
_LONE_FIGURE = re.compile(r"^[\s|｜]*[0-9０-９]+(?:[.．][0-9０-９]+)?[\s|｜]*$")
_LONE_SEPARATOR = re.compile(r"^[ \t]*[|｜][ \t]*\r?\n?$")
_HTML_MARK = re.compile(r"</tr>|</p>|<table|</table>", re.IGNORECASE)
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class Mutant:
    """A damaged copy of a report: its bytes, what was done, and the values it should now hold.

    `expected` maps a cell key to its value after the damage, for the cells whose printed
    figure the mutation changed on purpose (a swap); every other cell keeps its value.
    `blanked` holds the original's line numbers whose figures the mutation deleted: a cell
    printed there may now honestly read as blank. `shifted` gives, for a row printed one cell
    per line that lost or gained a whole cell, the value each later cell of the row shows now
    (its neighbour's): reading the damaged row by position is honest, not a parser error.
    """

    kind: str
    data: bytes
    detail: str
    expected: dict[Key, float] = field(default_factory=dict[Key, float])
    blanked: frozenset[int] = frozenset()
    shifted: dict[Key, float | None] = field(default_factory=dict[Key, float | None])


@dataclass
class Verdict:
    """How one mutant was read, cell by cell, against the original."""

    equal: int = 0  # same value as the original (or as the swap says)
    missing: int = 0  # reported missing
    explained: int = 0  # a different value, named by a failing rule
    wrong: list[str] = field(default_factory=list[str])  # different, and nothing says so
    shifted: int = 0  # the neighbour's value, in a row that lost or gained a whole printed cell
    new: int = 0  # a value where the original had none
    dropped: int = 0  # neither read nor reported missing (e.g. cut off with the rest of the file)


def mutate(kind: str, text: str, original: Report, rng: random.Random) -> Mutant | None:
    """Return a mutant of `text` (the original's decoded text), or None if `kind` can't apply."""
    return _MUTATORS[kind](text, original, rng)


def judge(original: Report, mutant: Report, made: Mutant) -> Verdict:
    """Compare a mutant's reading with the original's; see the module docstring for the rules."""
    before = {_key(c): c.value for c in original.cells}
    blanked = {_key(c) for c in original.cells if c.line in made.blanked}
    missing = {(m.table, m.row, m.col) for m in mutant.missing}
    flagged = {
        (str(e.get("table")), str(e.get("row")), str(e.get("col")))
        for f in mutant.findings
        if f.status == "fail"
        for e in f.cells
    }
    v = Verdict()
    for c in mutant.cells:
        k = _key(c)
        if k not in before:
            v.new += 1  # unverifiable: the original read nothing there (or reported it missing)
            continue
        want = made.expected.get(k, before[k])
        if _same(c.value, want):
            v.equal += 1
        elif c.value is None and k in blanked:
            v.missing += 1  # its figure was deleted: the cell is printed empty now
        elif k in made.shifted and _same(c.value, made.shifted[k]):
            v.shifted += 1
        elif k in flagged:
            v.explained += 1
        else:
            v.wrong.append(
                f"{'/'.join(k)}: original {_show(want)}, read {_show(c.value)} (raw {c.raw!r}, line {c.line})"
            )
    read = {_key(c) for c in mutant.cells}
    for k in before:
        if k not in read:
            if k in missing:
                v.missing += 1
            else:
                v.dropped += 1
    return v


def _truncate(text: str, original: Report, rng: random.Random) -> Mutant | None:
    data = text.encode("utf-8")
    if len(text) < 2:
        return None
    if rng.random() < 0.5:  # a byte cut, often inside a character, as an interrupted download
        cut = rng.randrange(1, len(data))
        return Mutant("truncate", data[:cut], f"cut at byte {cut} of {len(data)}")
    cut = rng.randrange(1, len(text))
    return Mutant("truncate", text[:cut].encode("utf-8"), f"cut at char {cut} (line {text.count(chr(10), 0, cut) + 1})")


def _delete_line(text: str, original: Report, rng: random.Random) -> Mutant | None:
    units = _units(text)
    i = _pick_unit(units, rng)
    if i is None:
        return None
    rest = units[:i] + units[i + 1 :]
    by_line = len(units) == len(text.splitlines(keepends=True))
    blanked = frozenset([i + 1]) if by_line else frozenset()
    shifted = _row_shift(original, i + 1, units[i], -1) if by_line else {}
    detail = f"deleted line {i + 1}: {units[i][:60]!r}"
    return Mutant("delete_line", "".join(rest).encode("utf-8"), detail, {}, blanked, shifted)


def _duplicate_line(text: str, original: Report, rng: random.Random) -> Mutant | None:
    units = _units(text)
    i = _pick_unit(units, rng)
    if i is None:
        return None
    copy = units[i] if units[i].endswith("\n") else units[i] + "\n"
    doubled = [*units[: i + 1], copy, *units[i + 1 :]]
    by_line = len(units) == len(text.splitlines(keepends=True))
    shifted = _row_shift(original, i + 1, units[i], +1) if by_line else {}
    detail = f"duplicated line {i + 1}: {units[i][:60]!r}"
    return Mutant("duplicate_line", "".join(doubled).encode("utf-8"), detail, {}, frozenset(), shifted)


def _row_shift(original: Report, line: int, unit: str, step: int) -> dict[Key, float | None]:
    """Return what the later cells of a one-cell-per-line row show once line `line` is gone (-1) or doubled (+1).

    Applies when that line prints one whole cell (a lone figure, or only a separator: an
    empty cell) of a row whose figures each have a line of their own. Deleting it moves the
    later cells' contents one place back (the last shows blank); doubling it, one place on.
    """
    found = _cell_at(original, line, unit)
    if found is None:
        return {}
    row, k = found
    shown: list[float | None] = [None if c.value is None else float(c.value) for c in row]
    if step < 0:
        return {_key(c): v for c, v in zip(row[k:], [*shown[k + 1 :], None], strict=True)}
    return {_key(c): v for c, v in zip(row[k + 1 :], shown[k:-1], strict=True)}


def _cell_at(original: Report, line: int, unit: str) -> tuple[list[Cell], int] | None:
    """Return (the row's cells in printed order, the index of the cell printed on `line`)."""
    rows: dict[tuple[str, str], list[Cell]] = {}
    for c in original.cells:  # the parser lists a row's cells in printed column order
        rows.setdefault((c.table, c.row), []).append(c)
    if _LONE_FIGURE.match(unit):
        here = [c for c in original.cells if c.line == line and c.value is not None]
        if len(here) != 1:
            return None
        row = rows[(here[0].table, here[0].row)]
        return (row, row.index(here[0])) if _one_figure_per_line(row) else None
    if not _LONE_SEPARATOR.match(unit):
        return None
    # An empty cell: any blank between the row's figures around `line` (they look alike).
    for row in rows.values():
        printed = [i for i, c in enumerate(row) if c.value is not None]
        before = [i for i in printed if (row[i].line or 0) < line]
        if before and len(before) < len(printed) and _one_figure_per_line(row):
            k = before[-1] + 1
            return (row, k) if row[k].value is None else None
    return None


def _one_figure_per_line(row: list[Cell]) -> bool:
    lines = [c.line for c in row if c.value is not None]
    return len(set(lines)) == len(lines)


def _swap_numbers(text: str, original: Report, rng: random.Random) -> Mutant | None:
    """Swap two figures whose cells are certain: one cell holds the value, printed once.

    "Printed once" counts the digits anywhere, glued runs included, so that a figure read
    out of "630020469" is never confused with a lone "69" in the prose.
    """
    flat = unicodedata.normalize("NFKC", text)
    printed: dict[float, list[re.Match[str]]] = {}
    for m in _NUMBER.finditer(text):
        digits = unicodedata.normalize("NFKC", m.group())
        if flat.count(digits) == 1:
            printed.setdefault(float(digits), []).append(m)
    holders: dict[float, list[Cell]] = {}
    for c in original.cells:
        if c.value is not None:
            holders.setdefault(float(c.value), []).append(c)
    eligible = sorted(v for v, cells in holders.items() if len(cells) == 1 and len(printed.get(v, [])) == 1)
    if len(eligible) < 2:
        return None
    a, b = rng.sample(eligible, 2)
    ma, mb = sorted((printed[a][0], printed[b][0]), key=lambda m: m.start())
    swapped = text[: ma.start()] + mb.group() + text[ma.end() : mb.start()] + ma.group() + text[mb.end() :]
    expected = {_key(holders[a][0]): b, _key(holders[b][0]): a}
    return Mutant("swap_numbers", swapped.encode("utf-8"), f"swapped {ma.group()} and {mb.group()}", expected)


def _fullwidth_digits(text: str, original: Report, rng: random.Random) -> Mutant | None:
    if rng.random() < 0.3:
        start, end = 0, len(text)
    else:
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(1, 4000))
    mutated = text[:start] + text[start:end].translate(_FULL_WIDTH) + text[end:]
    return Mutant("fullwidth_digits", mutated.encode("utf-8"), f"full-width digits in chars {start}-{end}")


def _reencode_gbk(text: str, original: Report, rng: random.Random) -> Mutant | None:
    try:
        return Mutant("reencode_gbk", text.encode("gbk"), "saved as GBK")
    except UnicodeEncodeError:
        # A character outside GBK (e.g. U+00A0): GB18030 is GBK's superset, byte for byte.
        return Mutant("reencode_gbk", text.encode("gb18030"), "saved as GB18030 (a character is outside GBK)")


_MUTATORS: dict[str, Callable[[str, Report, random.Random], Mutant | None]] = {
    "truncate": _truncate,
    "delete_line": _delete_line,
    "duplicate_line": _duplicate_line,
    "swap_numbers": _swap_numbers,
    "fullwidth_digits": _fullwidth_digits,
    "reencode_gbk": _reencode_gbk,
}


def _units(text: str) -> list[str]:
    """Split into lines; a one-line HTML page is split after each row and each outer paragraph.

    A paragraph inside a table cell is part of its row, so a deleted unit is a whole row.
    """
    lines = text.splitlines(keepends=True)
    if len(lines) >= 3 or "<" not in text:
        return lines
    units, start, depth = [], 0, 0
    for m in _HTML_MARK.finditer(text):
        mark = m.group().lower()
        if mark == "<table":
            depth += 1
        elif mark == "</table>":
            depth = max(0, depth - 1)
        elif mark == "</tr>" or depth == 0:
            units.append(text[start : m.end()])
            start = m.end()
    return [u for u in [*units, text[start:]] if u]


def _pick_unit(units: list[str], rng: random.Random) -> int | None:
    """Pick a line, half the time one holding a figure (where the tables are)."""
    if len(units) < 2:
        return None
    with_figures = [i for i, u in enumerate(units) if _NUMBER.search(u)]
    if with_figures and rng.random() < 0.5:
        return rng.choice(with_figures)
    return rng.randrange(len(units))


def _key(c: Cell) -> Key:
    return (c.table, c.row, c.col)


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and float(a) == float(b))


def _show(value: float | None) -> str:
    return "blank" if value is None else f"{value:g}"
