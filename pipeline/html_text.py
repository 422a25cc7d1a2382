"""HTML to text lines, with each table row as one tab-separated line.

Hostile markup must neither hang nor blow up a nightly run, so this is a small tokenizer of
its own rather than `html.parser`: on Python 3.11 the standard parser takes quadratic time on
unterminated tags (``"<a b=1 " * 100_000`` ran for minutes). Here every character is looked at
a bounded number of times, and:

- nothing is ever fetched and no DTD is read: `<!DOCTYPE …[<!ENTITY …>]>` is skipped, so
  entity-expansion ("billion laughs") and external-entity (XXE) payloads stay literal text;
  only HTML's own character references are decoded (`html.unescape`, no recursion);
- tables nest at most `MAX_TABLE_DEPTH` deep (deeper ones are read as text of their cell),
  and rowspan/colspan padding is capped per document by `MAX_SPAN_CELLS`, so the output stays
  within a small multiple of the input;
- tables left open at the end (a truncated page) are still rendered, never dropped.

rowspan and colspan are honoured by laying each table out on a grid: a spanned position is an
empty cell, so later cells keep their column.
"""

import html
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Final

_BLOCK_TAGS: Final = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "tr", "table", "title", "pre", "blockquote",
}  # fmt: skip
# Containers whose text is not report content. script and style hold raw text (skipped to
# their end tag); the others hold markup whose text is ignored.
_RAW_TEXT_TAGS: Final = {"script", "style"}
_SKIP_TAGS: Final = {"head", "noscript", "template"}
# The tags that change the renderer's state wherever they stand; any other tag matters only
# as a block boundary outside tables.
_STRUCTURE_TAGS: Final = {"body", "table", "tr", "td", "th"} | _RAW_TEXT_TAGS | _SKIP_TAGS
_HTML_RE: Final = re.compile(r"<\s*(html|body|table|div|p|br|tr|td)\b", re.IGNORECASE)
# Markup: a whole tag (groups: "/", name, attributes), a comment, or a declaration. Any other
# "<" ("a < b", "<<<", a tag cut off before its ">") is text. The possessive attribute run
# stops at the next < or > and never backtracks, so the scan is linear.
_MARKUP: Final = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9]*+)([^<>]*+)>|(!--)|[!?])")
_RAW_TEXT_END: Final = {name: re.compile(rf"</{name}\b", re.IGNORECASE) for name in _RAW_TEXT_TAGS}
_SPAN: Final = {
    name: re.compile(rf"\b{name}\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE) for name in ("rowspan", "colspan")
}
# Tag names as pages print them, lowered once: most of a page's tags are a few names.
_LOWER: Final = {
    spelled: name
    for name in _BLOCK_TAGS | _STRUCTURE_TAGS | {"span", "font", "b", "strong", "a", "img", "tbody", "colgroup", "col"}
    for spelled in (name, name.upper())
}
MAX_SPAN: Final = 200  # one cell spans at most this many rows or columns
MAX_SPAN_CELLS: Final = 200_000  # padding cells the spans of one document may add in all
MAX_TABLE_DEPTH: Final = 32  # real reports nest a table or two; beyond this, markup is text


# Compiled once: re's module functions look each pattern up in Python code on every call.
_NON_DIGIT: Final = re.compile(r"\D")


def looks_like_html(text: str) -> bool:
    """Return True if the text is markup rather than plain text."""
    if text.find("<", 0, 50000) < 0:
        return False  # most plain-text reports have no "<" at all: no regex scan
    # Three tags are enough: stop there instead of listing every tag of the first 50,000 characters.
    return len(list(islice(_HTML_RE.finditer(text, 0, 50000), 3))) == 3


def html_to_lines(markup: str) -> list[str]:
    """Render HTML as text lines; a table row becomes one line of tab-separated cells."""
    renderer = _Renderer()
    # One split in C instead of a match object per tag: a page holds about 1,300 tags, and
    # finditer with groups() was most of the rendering time. The list alternates text with
    # the four groups of each match; a match's start is counted from the lengths before it.
    # The list holds five entries per tag: for the largest page accepted (5 MB of "<a>") about
    # 70 MB, the names and empty strings being shared objects.
    parts: list[str | None] = _MARKUP.split(markup)
    pos = 0  # where the text not yet rendered starts
    start = len(parts[0] or "")  # where the current match starts
    for i in range(1, len(parts), 5):
        closing, name, attrs, comment = parts[i], parts[i + 1], parts[i + 2], parts[i + 3]
        if name is not None:
            end = start + 2 + len(closing or "") + len(name) + len(attrs or "")
        else:
            end = start + (4 if comment else 2)  # "<!--", or "<!" / "<?"
        match_start, start = start, end + len(parts[i + 4] or "")
        if match_start < pos:
            continue  # inside a comment, declaration or script skipped below
        if match_start > pos:
            # Text, including any "<" that opens no markup; the split already holds it unless
            # a skip ended inside it.
            before = parts[i - 1] or ""
            renderer.data(before if match_start - len(before) == pos else markup[pos:match_start])
        if name is None:
            pos = _skip_comment(markup, match_start) if comment else _skip_declaration(markup, match_start)
            continue
        tag = _LOWER.get(name) or name.lower()
        if tag not in _STRUCTURE_TAGS and (renderer.tables or tag not in _BLOCK_TAGS):
            pos = end  # <p>, <span>, … inside a table, or inline markup: nothing to do
        elif closing:
            renderer.end_tag(tag)
            pos = end
        else:
            pos = _start_tag(markup, tag, attrs or "", end, renderer)
    renderer.data(markup[pos:])
    renderer.close()
    return renderer.lines


def _start_tag(markup: str, name: str, attrs: str, end: int, renderer: "_Renderer") -> int:
    """Handle a start tag ending at `end`; return where scanning resumes."""
    if name in _RAW_TEXT_TAGS:
        end_tag = _RAW_TEXT_END[name].search(markup, end)
        if end_tag is None:
            return len(markup)
        gt = markup.find(">", end_tag.end())
        return len(markup) if gt < 0 else gt + 1
    renderer.start_tag(name, attrs)
    return end


def _skip_comment(markup: str, lt: int) -> int:
    close = markup.find("-->", lt + 4)
    return len(markup) if close < 0 else close + 3  # an unclosed comment runs to the end


def _skip_declaration(markup: str, lt: int) -> int:
    """Skip <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?> and the like: none of them is report text.

    A DOCTYPE's internal subset ([…]) holds <!ENTITY> declarations with their own ">", so it
    is skipped to its closing "]>"; its entities are never defined, let alone expanded.
    """
    if markup.startswith("<![CDATA[", lt):
        close = markup.find("]]>", lt)
        return len(markup) if close < 0 else close + 3
    gt = markup.find(">", lt)
    bracket = markup.find("[", lt, gt if gt >= 0 else len(markup))
    if bracket >= 0:
        close = markup.find("]>", bracket)
        if close >= 0:
            return close + 2
    return len(markup) if gt < 0 else gt + 1


@dataclass
class _Table:
    rows: list[list[str]] = field(default_factory=list[list[str]])
    spans: set[tuple[int, int]] = field(default_factory=set[tuple[int, int]])  # taken by a rowspan above
    cell: list[str] | None = None
    cell_span: tuple[int, int] = (1, 1)

    def start_row(self) -> None:
        self.rows.append([])

    def end_cell(self) -> int:
        """Close the open cell, if any; return the padding cells its spans added."""
        if self.cell is None:
            return 0
        if not self.rows:
            self.start_row()
        r = len(self.rows) - 1
        row = self.rows[r]
        while (r, len(row)) in self.spans:
            row.append("")
        text = " ".join("".join(self.cell).split())
        self.cell = None
        row.append(text)
        rowspan, colspan = self.cell_span
        if rowspan == colspan == 1:
            return 0  # the common cell: no padding, nothing taken below
        start = len(row) - 1
        row.extend("" for _ in range(colspan - 1))
        self.spans.update((r + dr, start + dc) for dr in range(1, rowspan) for dc in range(colspan))
        return rowspan * colspan - 1

    def render(self) -> list[str]:
        out = []
        for r, row in enumerate(self.rows):
            while (r, len(row)) in self.spans:
                row.append("")
            if any(c.strip() for c in row):
                out.append("\t".join(row))
        return out


class _Renderer:
    """Turns tag and text events into lines; tables become tab-separated rows."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.text: list[str] = []
        self.tables: list[_Table] = []
        self.skip = 0  # depth inside head/noscript/template
        self.flat_tables = 0  # tables nested beyond MAX_TABLE_DEPTH, read as cell text
        self.span_budget = MAX_SPAN_CELLS

    def data(self, raw: str) -> None:
        if self.skip or not raw:
            return
        text = html.unescape(raw) if "&" in raw else raw
        if self.tables:
            if self.tables[-1].cell is not None:
                self.tables[-1].cell.append(text)
        else:
            self.text.append(text)

    def flush_text(self) -> None:
        line = " ".join("".join(self.text).split())
        if line:
            self.lines.append(line)
        self.text = []

    def start_tag(self, tag: str, attrs: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "body":
            self.skip = 0  # an unclosed <head> ends where the body starts, as in browsers
        elif self.flat_tables:
            self.flat_tables += tag == "table"
        elif tag == "table":
            if len(self.tables) >= MAX_TABLE_DEPTH:
                self.flat_tables = 1
                return
            self.flush_text()
            self.tables.append(_Table())
        elif self.tables and tag == "tr":
            self._end_cell()
            self.tables[-1].start_row()
        elif self.tables and tag in ("td", "th"):
            self._end_cell()
            table = self.tables[-1]
            table.cell = []
            table.cell_span = self._spans(attrs)
        elif tag in _BLOCK_TAGS and not self.tables:
            self.flush_text()

    def end_tag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif self.flat_tables:
            self.flat_tables -= tag == "table"
        elif tag in ("td", "th") and self.tables:
            self._end_cell()
        elif tag == "table" and self.tables:
            self._close_table()
        elif tag in _BLOCK_TAGS and not self.tables:
            self.flush_text()

    def close(self) -> None:
        """Render tables left open by a truncated or malformed page, then the pending text."""
        while self.tables:
            self._close_table()
        self.flush_text()

    def _close_table(self) -> None:
        self._end_cell()
        rendered = self.tables.pop().render()
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(" " + " ".join(rendered) + " ")  # a nested table is its cell's text
        else:
            self.lines.extend(rendered)  # a table directly inside a row: kept as lines, not lost

    def _end_cell(self) -> None:
        self.span_budget -= self.tables[-1].end_cell()

    def _spans(self, attrs: str) -> tuple[int, int]:
        lowered = attrs.lower()
        if "span" not in lowered:
            return (1, 1)
        rowspan, colspan = _span(attrs, lowered, "rowspan"), _span(attrs, lowered, "colspan")
        if rowspan * colspan - 1 > self.span_budget:
            return (1, 1)  # the document has used up its padding: hostile spans stop counting
        return (rowspan, colspan)


def _span(attrs: str, lowered: str, name: str) -> int:
    m = _SPAN[name].search(attrs) if name in lowered else None
    digits = _NON_DIGIT.sub("", m.group(1))[:6] if m else ""
    return max(1, min(int(digits), MAX_SPAN)) if digits else 1
