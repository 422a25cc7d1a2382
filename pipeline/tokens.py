"""Cut normalised lines into a stream of label, number and blank tokens.

Every layout seen in real reports (one cell per line, tabs, pipes, space-aligned PDF text,
and whole tables flattened onto one line with the cells glued together) ends up as the
same stream, so the table readers never look at the layout.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

TokKind = Literal["num", "blank", "label"]

_SPACE_SPLIT: Final = re.compile(r"  +")  # two or more: a literal prefix the engine jumps to
_BLANK_MARKS: Final = {"", "-", "--", "—", "——", "/", "无", "─", "－", "／", "\\", "*"}
# A digit run; a trailing single digit followed by 、 or . and a CJK character is an item
# number ("2.其他法律…") that belongs to the next label, even when glued to the run.
# Commas group thousands only in the 1,234,567 shape; any other comma separates values:
#   [-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])  |  [-+]?\d+(?:\.\d+)?
# Written to open on one character class, the first character of either form, with the rest
# chosen by looking back at it: the regex engine then jumps to the candidate characters
# instead of trying both forms at every character (40% less time over a line, same matches).
_NUM: Final = re.compile(
    r"[-+\d](?:"
    r"(?<=[-+])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)"  # after a sign
    r"|(?<=\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d*(?:\.\d+)?)"  # after the first digit
    r")"
)
_ITEM_PREFIX: Final = re.compile(r"[.、]\s*[\u4e00-\u9fff“\"(]")
_UNIT: Final = re.compile(r"^(万元|元|件|个|条|次|起|篇|人次|人|项)")
_PAGE_FURNITURE: Final = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?|Page\s*\d{1,3})\s*$"
)
_DIGIT: Final = re.compile(r"\d")
_CJK: Final = re.compile(r"[\u4e00-\u9fffA-Za-z]")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and that was a
# third of all tokenising time. Tokens are still never changed: readers copy them with
# dataclasses.replace.
@dataclass(slots=True, init=False)
class Tok:
    """One token: `pos` is the cell index in a multi-cell line, else -1."""

    kind: TokKind
    text: str
    raw: str
    line: int
    offset: int
    pos: int = -1
    glued: bool = False
    unit: str | None = None

    # Written out for mypyc, which compiles it; the generated one runs as Python (5x slower).
    def __init__(
        self,
        kind: TokKind,
        text: str,
        raw: str,
        line: int,
        offset: int,
        pos: int = -1,
        glued: bool = False,
        unit: str | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.raw = raw
        self.line = line
        self.offset = offset
        self.pos = pos
        self.glued = glued
        self.unit = unit


def retext(t: Tok, text: str, raw: str, glued: bool | None = None) -> Tok:
    """Return a copy of token `t` with other text, and `glued` if given: dataclasses.replace, 5x faster."""
    return Tok(t.kind, text, raw, t.line, t.offset, t.pos, t.glued if glued is None else glued, t.unit)


def line_cells(line: str) -> list[tuple[int, str]]:
    """Split a line into (offset, cell) pairs; a line with at most one filled cell is one cell."""
    # Runs of spaces separate cells only in space-aligned text: next to tabs or pipes they are padding.
    if "\t" in line or "|" in line:
        parts = _split_on_chars(line)
    else:
        parts = []
        start = 0
        for m in _SPACE_SPLIT.finditer(line):
            parts.append((start, line[start : m.start()]))
            start = m.end()
        parts.append((start, line[start:]))
    if line.lstrip().startswith("|") and parts and not parts[0][1].strip():
        parts = parts[1:]  # markdown rows open with a pipe that is not a cell
    if len(parts) > 2:
        return parts  # a row of cells: no need to count the filled ones
    filled = [p for p in parts if p[1].strip()]
    if len(filled) <= 1:  # "\t0", "0 |", "|": one cell on its own line
        return filled or [(0, "")]
    return parts


def _split_on_chars(line: str) -> list[tuple[int, str]]:
    # Tabs and pipes are one character each, so str.split and a running offset replace a regex scan.
    parts: list[tuple[int, str]] = []
    start = 0
    for cell in (line.replace("|", "\t") if "|" in line else line).split("\t"):
        parts.append((start, cell))
        start += len(cell) + 1
    return parts


def tokenize_line(line: str, raw: str, lineno: int, start: int = 0, end: int | None = None) -> list[Tok]:
    """Tokenise the slice [start, end) of one normalised line (raw is the printed line)."""
    piece = line[start:end] if start or end is not None else line
    stripped = piece.strip()
    # The two commonest lines of a table region come first. Neither can be page furniture,
    # which always has a digit next to a dash, 第 or Page.
    if not stripped:
        return [Tok("blank", "", "", lineno, start)] if piece else []
    same_len = len(raw) == len(line)
    if stripped.isdigit() and stripped.isascii():
        # One cell per line: by far the commonest line in a table region, so skip the scanners.
        offset = start + piece.index(stripped)
        return [Tok("num", stripped, raw[offset : offset + len(stripped)] if same_len else stripped, lineno, offset)]
    if "\t" not in piece and "|" not in piece and "  " not in stripped and not _DIGIT.search(stripped):
        # A label (or a blank mark) alone on its line: the other commonest line.
        offset = start + piece.index(stripped)
        if stripped in _BLANK_MARKS:
            return [Tok("blank", stripped, stripped, lineno, offset)]
        if not _CJK.search(stripped):
            return []
        kind, text, raw_text, _, _, _, _ = _label(stripped, raw if same_len else line, offset, -1)
        return [Tok(kind, text, raw_text, lineno, offset)]
    src = raw if same_len else line
    src_piece = src[start:end] if start or end is not None else src
    shapes = (_line_shapes if len(piece) > _CACHED_LINE_CHARS else _cached_line_shapes)(piece, src_piece)
    return [
        Tok(kind, text, raw_text, lineno, start + off, pos, glued, unit)
        for kind, text, raw_text, off, pos, glued, unit in shapes
    ]


# A token without its line: (kind, text, raw, offset within the piece, pos, glued, unit).
_Shape = tuple[TokKind, str, str, int, int, bool, str | None]
# Table rows repeat from report to report ("（一）予以公开\t0\t0\t0\t0\t0\t0\t0"): 128,000 row lines of
# 1,500 reports held 5,900 distinct texts, so their tokens are cut once per text. Longer
# lines (a whole flattened table) are seldom seen twice and would only fill the cache, which
# holds about 4 MB when full (8,192 lines; 97% hits on the 9,932 reports of the 100k bench's 2025).
_CACHED_LINE_CHARS: Final = 300


@lru_cache(maxsize=1 << 13)
def _cached_line_shapes(piece: str, src: str) -> tuple[_Shape, ...]:
    return _line_shapes(piece, src)


def _line_shapes(piece: str, src: str) -> tuple[_Shape, ...]:
    """Cut a line with cells (or digits among its text) into token shapes; `src` is its printed form."""
    if _PAGE_FURNITURE.match(piece):
        return ()  # "-3-", "第 3 页": page numbers of a PDF extraction, not cells
    cells = line_cells(piece)
    multi = len(cells) > 1
    shapes: list[_Shape] = []
    for pos, (off, cell) in enumerate(cells):
        stripped = cell.strip()
        cell_pos = pos if multi else -1
        if stripped in _BLANK_MARKS:
            shapes.append(("blank", stripped, stripped, off, cell_pos, False, None))
            continue
        base = off + cell.index(stripped[0])
        if stripped.isdigit() and stripped.isascii():
            # A cell that is one number, as in every tab and pipe row: no scanning needed.
            shapes.append(("num", stripped, src[base : base + len(stripped)], base, cell_pos, False, None))
        else:
            shapes.extend(_split_cell(stripped, src, base, cell_pos))
    return tuple(shapes)


def _split_cell(cell: str, raw: str, base: int, pos: int) -> list[_Shape]:
    toks: list[_Shape] = []
    i = 0
    pending_label_start = 0
    while i < len(cell):
        m = _NUM.search(cell, i)
        if not m:
            break
        num_start, num_end = m.start(), m.end()
        text = m.group()
        after = cell[num_end:]
        if _ITEM_PREFIX.match(after) and not text.startswith(("-", "+")):
            if len(text) == 1 or not text[:-1].replace(",", "").isdigit():
                i = num_end  # the whole run is an item number: part of the label
                continue
            text = text[:-1]
            num_end -= 1
        if (num_start > 0 and cell[num_start - 1] in "(第") or after.startswith((")", "年", "月", "日", "%")):
            i = num_end  # (1), 第3, 2022年, 12%: part of the text, not a cell value
            continue
        label = cell[pending_label_start:num_start]
        if _CJK.search(label):
            toks.append(_label(label, raw, base + pending_label_start, pos))
        unit_m = _UNIT.match(cell[num_end:])
        unit = unit_m.group() if unit_m else None
        # Glued: the digits share their cell with text, as in flattened tables ("数量1000001二、").
        glued = (num_start > 0 and not cell[num_start - 1].isspace()) or (
            num_end < len(cell) and not cell[num_end].isspace() and not unit
        )
        toks.append(("num", text, raw[base + num_start : base + num_end], base + num_start, pos, glued, unit))
        i = num_end + (len(unit) if unit else 0)
        pending_label_start = i
    rest = cell[pending_label_start:]
    if _CJK.search(rest):
        toks.append(_label(rest, raw, base + pending_label_start, pos))
    return toks


def _label(text: str, raw: str, offset: int, pos: int) -> _Shape:
    return ("label", text.strip(), raw[offset : offset + len(text)].strip(), offset, pos, False, None)


# What `compact` drops besides whitespace (str.split's whitespace is exactly regex \s).
_PUNCTUATION: Final = "()[]【】《》“”\"'‘’:;,.、·•|/_-—"


@lru_cache(maxsize=1 << 16)
def compact(text: str) -> str:
    """Drop whitespace and punctuation, for matching labels whatever their spacing."""
    # Cached: the same few hundred labels recur in every report.
    return compact_uncached(text)


def compact_uncached(text: str) -> str:
    """`compact` for long text seen once (a whole page), which must not fill the label cache."""
    # split/join and str.replace scan in C: a quarter faster than one regex substitution
    # over a whole page, which era detection compacts for every report.
    text = "".join(text.split())
    for mark in _PUNCTUATION:
        if mark in text:
            text = text.replace(mark, "")
    return text
