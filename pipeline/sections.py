"""Find the six statutory section headings, in order, even inside flattened lines."""

import re
from dataclasses import dataclass
from functools import cache

from pipeline.spec import section_defs


@dataclass(frozen=True)
class Heading:
    """A section heading: its code, 0-based line index and character span in that line."""

    code: str
    index: int
    start: int
    end: int


def _spaced(text: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in text)


@cache
def _patterns() -> list[tuple[str, str, re.Pattern[str]]]:
    """Return (code, numeral, pattern) per section; every match contains the numeral."""
    out = []
    for sec in section_defs():
        titles = [sec["title"], *sec.get("aliases", [])]
        alt = "|".join(_spaced(t) for t in sorted(titles, key=len, reverse=True))
        # The numeral must open the heading: "(二)依申请公开情况" is an overview sub-heading.
        # The pattern opens on the numeral and looks back past it, so that the regex engine
        # jumps from one numeral to the next: a leading look-behind made it try every character.
        no = re.escape(str(sec["no"]))
        pat = rf"{no}(?<![(（]{no})\s*[、.．,:]\s*[^,。;:、]{{0,12}}?(?:{alt})"
        out.append((sec["code"], str(sec["no"]), re.compile(pat)))
    return out


def find_headings(lines: list[str]) -> list[Heading]:
    """Return the headings found, in document order; each is searched after the previous one."""
    found: list[Heading] = []
    index, offset = 0, 0
    for code, numeral, pat in _patterns():
        hit = _search_from(lines, numeral, pat, index, offset)
        if hit is None:
            continue
        found.append(Heading(code, *hit))
        index, offset = hit[0], hit[2]
    return found


def _search_from(
    lines: list[str], numeral: str, pat: re.Pattern[str], index: int, offset: int
) -> tuple[int, int, int] | None:
    for i in range(index, len(lines)):
        if numeral not in lines[i]:
            continue  # a line without the numeral can't hold the heading: skip the regex
        m = pat.search(lines[i], offset if i == index else 0)
        if m:
            return i, m.start(), m.end()
    return None
