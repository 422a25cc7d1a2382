"""Slice a document into the token streams of its statutory sections."""

from pipeline.sections import Heading
from pipeline.tokens import Tok, tokenize_line

SECTION_ORDER = ("overview", "proactive", "requests", "review_litigation", "problems", "other_matters")


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
    toks: list[Tok] = []
    for i in range(start[0], last + 1):
        lo = start[1] if i == start[0] else 0
        hi = end[1] if end and i == end[0] else None
        toks.extend(tokenize_line(lines[i], raw_lines[i], i + 1, lo, hi))
    return toks
