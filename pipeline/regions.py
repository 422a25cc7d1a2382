"""Slice a document into the token streams of its statutory sections."""

import re
from typing import Final

from pipeline.sections import Heading
from pipeline.tokens import Tok, tokenize_line

SECTION_ORDER: Final = ("overview", "proactive", "requests", "review_litigation", "problems", "other_matters")


def region_tokens(lines: list[str], raw_lines: list[str], headings: list[Heading], code: str) -> list[Tok] | None:
    """Return the tokens between the heading `code` and the next heading found, or None if absent."""
    by_code = {h.code: h for h in headings}
    start = by_code.get(code)
    if start is None:
        return None
    later = [h for h in headings if SECTION_ORDER.index(h.code) > SECTION_ORDER.index(code)]
    end = min(later, key=lambda h: (h.index, h.start)) if later else None
    return tokens_between(lines, raw_lines, (start.index, start.end), (end.index, end.start) if end else None)


def tokens_between(
    lines: list[str], raw_lines: list[str], start: tuple[int, int], end: tuple[int, int] | None
) -> list[Tok]:
    """Tokenise from (line, offset) up to (line, offset), exclusive; line numbers are 1-based."""
    last = end[0] if end else len(lines) - 1
    separators = pipes_separate(lines[start[0] : last + 1])
    toks: list[Tok] = []
    for i in range(start[0], last + 1):
        if separators and _is_lone_pipe(lines[i]):
            continue
        lo = start[1] if i == start[0] else 0
        hi = end[1] if end and i == end[0] else None
        toks.extend(tokenize_line(lines[i], raw_lines[i], i + 1, lo, hi))
    return toks


def pipes_separate(lines: list[str]) -> bool:
    """Return True when lone "|" lines separate bare one-per-line cells rather than stand for blank cells.

    Some pages print "0 |" per cell and a lone "|" for a blank cell; others print bare "0" per
    line with "|" lines between the cells. Read the second kind's pipes as blanks and a row
    that lost a figure gets a blank placed in the middle.
    """
    # Most regions have no lone pipe at all: look for one first, and only then count the rest.
    if not any(_is_lone_pipe(x) for x in lines):
        return False
    return any(_BARE_VALUE.match(x) for x in lines) and not any(_PIPED_VALUE.match(x) for x in lines)


def _is_lone_pipe(line: str) -> bool:
    # str.strip and the regex's \s agree on what whitespace is (both use str.isspace).
    return "|" in line and line.strip() == "|"


_BARE_VALUE: Final = re.compile(r"^\s*[-+]?\d[\d,.]*\s*$")
_PIPED_VALUE: Final = re.compile(r"^\s*[-+]?\d[\d,.]*\s*\|\s*$")
