"""HTML to text lines, with each table row as one tab-separated line.

Built on the standard library's tokenizer: it never fetches anything, knows no external
entities or DTDs, and does not recurse, so hostile markup cannot make it expand or hang.
rowspan and colspan are honoured by laying the table out on a grid: a spanned position
is an empty cell, so later cells keep their column.
"""

import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "tr", "table", "title", "pre", "blockquote",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "head", "noscript", "template"}
_HTML_RE = re.compile(r"<\s*(html|body|table|div|p|br|tr|td)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Return True if the text is markup rather than plain text."""
    return len(_HTML_RE.findall(text[:50000])) >= 3


def html_to_lines(html: str) -> list[str]:
    """Render HTML as text lines; a table row becomes one line of tab-separated cells."""
    parser = _Renderer()
    parser.feed(html)
    parser.close()
    parser.flush_text()
    return parser.lines


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.spans: dict[tuple[int, int], bool] = {}  # (row, col) taken by a rowspan above
        self.cell: list[str] | None = None
        self.cell_span = (1, 1)

    def start_row(self) -> None:
        self.rows.append([])

    def end_cell(self) -> None:
        if self.cell is None:
            return
        if not self.rows:
            self.start_row()
        r = len(self.rows) - 1
        row = self.rows[r]
        while self.spans.get((r, len(row))):
            row.append("")
        text = " ".join("".join(self.cell).split())
        rowspan, colspan = self.cell_span
        start = len(row)
        row.append(text)
        row.extend("" for _ in range(colspan - 1))
        for dr in range(1, rowspan):
            for dc in range(colspan):
                self.spans[(r + dr, start + dc)] = True
        self.cell = None

    def render(self) -> list[str]:
        out = []
        for r, row in enumerate(self.rows):
            while self.spans.get((r, len(row))):
                row.append("")
            if any(c.strip() for c in row):
                out.append("\t".join(row))
        return out


class _Renderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.text: list[str] = []
        self.tables: list[_Table] = []
        self.skip = 0

    def flush_text(self) -> None:
        line = " ".join("".join(self.text).split())
        if line:
            self.lines.append(line)
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag == "table":
            self.flush_text()
            self.tables.append(_Table())
        elif self.tables and tag == "tr":
            self.tables[-1].end_cell()
            self.tables[-1].start_row()
        elif self.tables and tag in ("td", "th"):
            table = self.tables[-1]
            table.end_cell()
            table.cell = []
            table.cell_span = (_span(attrs, "rowspan"), _span(attrs, "colspan"))
        elif tag in _BLOCK_TAGS and not self.tables:
            self.flush_text()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("td", "th") and self.tables:
            self.tables[-1].end_cell()
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            table.end_cell()
            rendered = table.render()
            if self.tables and self.tables[-1].cell is not None:
                # A nested table is part of one cell's text, kept apart from the text around it.
                self.tables[-1].cell.append(" " + " ".join(rendered) + " ")
            else:
                self.lines.extend(rendered)
        elif tag in _BLOCK_TAGS and not self.tables:
            self.flush_text()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(data)
        elif not self.tables:
            self.text.append(data)


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    for key, value in attrs:
        if key == name and value:
            digits = re.sub(r"\D", "", value)
            if digits:
                return max(1, min(int(digits), 200))  # bounded: a hostile span can't blow the grid up
    return 1
