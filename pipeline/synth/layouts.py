"""Print a report's blocks (lines of prose, grids) in one of the layouts real sites produce.

- cell_tab: one cell per line, each opened by a tab, a blank line after each row (CMS export);
- cell_blank: one cell per line with a blank line after every cell (copied from a browser);
- cell_pipe: "cell |" lines with lone "|" row separators (a markdown converter's output);
- tab: one row per line, cells separated by tabs (HTML stripped to text);
- pipe: "a | b | c |" rows, short rows padded with empty cells ("| ||");
- flattened: the whole body on one line, cells glued together (archived page text);
- html: the page as markup, tables with rowspan and colspan.
A Builder records where each value cell was printed, so truncation knows what survived.
"""

import html
import random
from dataclasses import dataclass, field

from pipeline.synth.grid import GCell, Grid
from pipeline.synth.values import Key

LAYOUTS = ("cell_tab", "cell_blank", "cell_pipe", "tab", "pipe", "flattened", "html")
Block = str | Grid  # a line of prose, or a table


@dataclass
class Builder:
    """Concatenated output text and the [start, end) span of every value cell printed."""

    parts: list[str] = field(default_factory=list[str])
    pos: int = 0
    spans: dict[Key, tuple[int, int]] = field(default_factory=dict[Key, tuple[int, int]])

    def add(self, text: str) -> None:
        """Append text."""
        self.parts.append(text)
        self.pos += len(text)

    def cell(self, cell: GCell, escape: bool = False) -> None:
        """Append a cell's text, recording the span of a value cell."""
        text = html.escape(cell.text, quote=False) if escape else cell.text
        if cell.key is not None:
            self.spans[cell.key] = (self.pos, self.pos + len(text))
        self.add(text)

    def text(self) -> str:
        """Return everything appended so far."""
        return "".join(self.parts)


@dataclass(frozen=True)
class Style:
    """Layout choices drawn once per report."""

    layout: str
    placeholders: bool  # print a rowspan-covered position as an empty cell
    trailing: bool  # tab rows end with a tab / pipe rows open with "|"
    separator: str  # cell_pipe: the lone row-separator line


def draw_style(layout: str, rng: random.Random) -> Style:
    """Return the layout's style options for one report."""
    return Style(layout, rng.random() < 0.5, rng.random() < 0.5, rng.choice(("|", "||", "|||")))


def _rows(grid: Grid, placeholders: bool) -> list[list[GCell]]:
    """Return each row's cells, with an empty cell where a rowspan from above covers a position."""
    covered: dict[tuple[int, int], int] = {}  # (row, col) -> id of the covering cell
    out = []
    for r, row in enumerate(grid):
        col, cells = 0, []
        seen_cover: set[int] = set()
        pending = list(row)
        while pending or (r, col) in covered:
            if (r, col) in covered:
                if placeholders and covered[(r, col)] not in seen_cover:
                    cells.append(GCell(""))
                    seen_cover.add(covered[(r, col)])
                col += 1
                continue
            cell = pending.pop(0)
            for dr in range(1, cell.rowspan):
                for dc in range(cell.colspan):
                    covered[(r + dr, col + dc)] = id(cell)
            cells.append(cell)
            col += cell.colspan
        out.append(cells)
    return out


def _text_table(b: Builder, grid: Grid, style: Style) -> None:
    rows = _rows(grid, style.placeholders)
    width = max(len(r) for r in rows)
    # Hot loop of the generator: offsets are kept in locals rather than through Builder.add.
    parts, spans, pos = b.parts, b.spans, b.pos
    layout = style.layout
    for cells in rows:
        for i, c in enumerate(cells):
            if layout == "cell_tab":
                lead, tail = "\t", "\n"
            elif layout == "cell_blank":
                lead, tail = "", "\n\n"
            elif layout == "cell_pipe":
                pad = " " + "|" * (width - len(cells)) if i == len(cells) - 1 and len(cells) < width else ""
                lead, tail = "", " |" + pad + "\n"
            elif layout == "tab":
                lead, tail = ("\t" if i else ""), ""
            else:  # pipe: "| a | b |", short rows padded with empty cells
                lead, tail = ("| " if style.trailing and not i else ""), " | "
            if c.key is not None:
                spans[c.key] = (pos + len(lead), pos + len(lead) + len(c.text))
            text = lead + c.text + tail
            parts.append(text)
            pos += len(text)
        if layout in ("cell_tab", "cell_pipe", "tab", "pipe"):
            end = {
                "cell_tab": "\n",
                "cell_pipe": style.separator + "\n",
                "tab": "\t\n" if style.trailing else "\n",
                "pipe": "",
            }[layout]
            if layout == "pipe":
                parts[-1] = parts[-1][:-1]  # the last " | " closes the row as " |"
                pos -= 1
                missing = width - len(cells)
                end = (" " + "|" * missing if missing else "") + "\n"
            parts.append(end)
            pos += len(end)
    b.pos = pos


def _html_table(b: Builder, grid: Grid) -> None:
    b.add('<table border="1" cellspacing="0" align="center"><tbody>')
    for row in grid:
        b.add("<tr>")
        for c in row:
            span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                f' colspan="{c.colspan}"' if c.colspan > 1 else ""
            )
            b.add(f'<td{span} valign="middle"><p align="center">')
            b.cell(c, escape=c.text != "&nbsp;")  # the one entity a blank cell is written as
            b.add("</p></td>")
        b.add("</tr>")
    b.add("</tbody></table>\n")


def render(blocks: list[Block], style: Style, head: list[str], tail: list[str], title_lines: int = 1) -> Builder:
    """Print the blocks in the style, the first `title_lines` being the title; `head`/`tail` are site lines."""
    b = Builder()
    if style.layout == "html":
        b.add('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>政府信息公开</title></head><body>\n')
        for line in head:
            b.add(f"<div>{html.escape(line, quote=False)}</div>\n")
        for block in blocks:
            if isinstance(block, str):
                b.add(f"<p>{html.escape(block, quote=False)}</p>\n")
            else:
                _html_table(b, block)
        for line in tail:
            b.add(f"<div>{html.escape(line, quote=False)}</div>\n")
        b.add("</body></html>\n")
        return b
    for line in head:
        b.add(line + "\n")
    if style.layout == "flattened":
        _flattened(b, blocks, title_lines)
    else:
        for block in blocks:
            if isinstance(block, str):
                b.add(block + "\n")
            else:
                _text_table(b, block, style)
    for line in tail:
        b.add(line + "\n")
    return b


def _flattened(b: Builder, blocks: list[Block], title_lines: int) -> None:
    # The title stays on its own lines (as in the archived pages, data/real/072.txt); from the
    # first paragraph on, everything runs together.
    for block in blocks[:title_lines]:
        b.add(f"{block}\n")
    for block in blocks[title_lines:]:
        if isinstance(block, str):
            b.add(block)
            continue
        for row in _rows(block, placeholders=False):
            for c in row:
                b.cell(c)
    b.add("\n")
