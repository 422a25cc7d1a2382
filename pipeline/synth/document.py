"""Compose one report: title, sections, prose and tables in a layout, with its defects applied.

The values handed in are the printed ones (arithmetic slips, unit slips and blanks already
applied); this module decides how each is written (split digits, blank marks, the fee
header) and keeps the offset of every value so a truncated file knows what it lost.
"""

import random
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pipeline.synth import grid, noise, prose
from pipeline.synth.layouts import Block, Builder, Style, render
from pipeline.synth.legacy_table import FORM_2014, legacy_rows
from pipeline.synth.names import Agency
from pipeline.synth.values import Key

_BLANK_MARKS = {
    "cell_tab": ("", "-", "/"),
    "cell_blank": ("-", "/", "—", " "),
    "cell_pipe": ("", "-", "/"),
    "tab": ("", " ", "\u00a0", "-", "/"),
    "pipe": ("", " ", "-", "/"),
    "html": ("", "&nbsp;", "-", "/"),
    "flattened": ("-",),
}


@dataclass
class Spec:
    """Everything that decides one report's text."""

    agency: Agency
    year: int
    era: str
    style: Style
    cells: dict[Key, int | float | None]  # printed t2/t3/t4 values (None: printed blank)
    legacy: list[tuple[str, str, int | float | None, str | None]]
    fee_decimals: int
    labels: dict[str, str] = field(default_factory=dict[str, str])  # label -> misprint
    split: dict[Key, str] = field(default_factory=dict[Key, str])  # value printed with a gap
    fee_header_yuan: bool = False
    figures: dict[str, int] = field(default_factory=dict[str, int])  # prose figures stated
    distractor: bool = False
    noise: bool = False


def legacy_key(label: str, seen: dict[str, int]) -> Key:
    """Return the contract's key of a legacy row: its label NFKC-normalised without spaces, #n if repeated."""
    row = "".join(unicodedata.normalize("NFKC", label).split())
    seen[row] = seen.get(row, 0) + 1
    return ("legacy", row if seen[row] == 1 else f"{row}#{seen[row]}", "value")


def printed_value(spec: Spec, key: Key, value: int | float | None, rng: random.Random) -> str:
    """Return how one value is written: blank mark, split digits, decimals, a signed change."""
    if value is None:
        mark = rng.choice(_BLANK_MARKS[spec.style.layout])
        return "&nbsp;" if mark == "&nbsp;" and spec.style.layout == "html" else mark
    if key in spec.split:
        return spec.split[key]
    if key[2] == "amount_wan_yuan" and isinstance(value, float):
        return f"{value:.{max(spec.fee_decimals, 1)}f}"
    if isinstance(value, float):
        return f"{value:.2f}"
    if key[2] == "change" and value > 0 and rng.random() < 0.5:
        return f"+{value}"
    return str(value)


def _fill(spec: Spec, g: grid.Grid, rng: random.Random) -> grid.Grid:
    for row in g:
        for c in row:
            if c.key is not None and c.key[0] != "legacy":
                c.text = printed_value(spec, c.key, spec.cells[c.key], rng)
    return g


def _post2019_blocks(spec: Spec, rng: random.Random) -> list[Block]:
    a, y = spec.agency, spec.year
    heads = [rng.choice(h) for h in prose.HEADINGS]
    application = prose.application_sentence(spec.figures, list(spec.figures)) if spec.figures else ""
    blocks: list[Block] = [*prose.title(a, y, spec.era, rng), prose.intro(a, y, spec.era, rng), heads[0]]
    blocks += prose.overview(a, y, rng, application, spec.distractor)
    blocks.append(heads[1])
    labels = dict(spec.labels)
    if spec.fee_header_yuan:
        labels["本年收费金额（单位：万元）"] = "本年收费金额（单位：元）"
    blocks += [_fill(spec, g, rng) for g in grid.t2_grids(spec.era, labels)]
    blocks += [heads[2], _fill(spec, grid.t3_grid(spec.era, labels), rng), heads[3], _fill(spec, grid.t4_grid(), rng)]
    problems, other = prose.closing(a, y, rng)
    blocks += [heads[4], *problems, heads[5], *other, *prose.signature(a, y, rng)]
    return blocks


def _cumulative(value: int | float | None, earlier: int | float | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, float) or isinstance(earlier, float):
        return round(float(value) + float(earlier or 0), 2)
    return value + (earlier or 0)


def _legacy_blocks(spec: Spec, rng: random.Random) -> tuple[list[Block], dict[Key, Any], dict[Key, Any]]:
    a, y = spec.agency, spec.year
    flat = spec.style.layout == "flattened"
    cumulative = flat or rng.random() < 0.3  # archived flat tables print 指标名称/计量单位/年度/历年累计
    truth: dict[Key, Any] = {}
    optional: dict[Key, Any] = {}  # 历年累计 is printed, but the contract keys only the year's value
    rows: list[tuple[str, str, str, str, bool]] = []
    seen: dict[str, int] = {}
    # 历年累计 is this year plus the earlier years of the same form, so it keeps the form's sums.
    # Drawn from its own generator: the rest of the corpus stays as it was.
    # The form is the printed rows' own: a copy of last year's report may print an older form.
    form_year = 2014 if len(spec.legacy) == len(FORM_2014) else 2013
    earlier = legacy_rows(random.Random(f"{a.printed}/{y}/cumulative"), form_year, 3.0) if spec.legacy else []
    for i, (label, unit, value, indicator) in enumerate(spec.legacy):
        stat = unit != "是/否"
        if flat and (not stat or value is None):
            continue  # flat archived tables (data/real/012.txt) list only rows with figures
        printed = "" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))
        total = _cumulative(value, earlier[i][2])
        total_printed = "" if total is None else (f"{total:.2f}" if isinstance(total, float) else str(total))
        rows.append((label, unit, printed if stat else rng.choice(("是", "否")), total_printed, stat))
        if stat:
            key = legacy_key(label, seen)
            truth[key] = value
            if cumulative:
                optional[(key[0], key[1], "cumulative")] = total
            if indicator:
                truth[("legacy", indicator, "value")] = value
    # The prose states two figures; with a table they are the table's, without one the only source.
    proactive = truth.get(("legacy", "proactive_total", "value"))
    received = truth.get(("legacy", "requests_received", "value"))
    if not spec.legacy:
        proactive, received = rng.randint(30, 3000), rng.choice((0, 0, 1, 2, 3, rng.randint(4, 60)))
        truth = {("legacy", "proactive_total", "value"): proactive, ("legacy", "requests_received", "value"): received}
    paragraphs = prose.old_paragraphs(a, y, rng, int(proactive or 0), int(received or 0))
    blocks: list[Block] = [*prose.title(a, y, spec.era, rng)]
    for head, text in zip(prose.OLD_HEADINGS, paragraphs, strict=True):
        blocks += [head, text]
    if spec.legacy:
        blocks.append(f"附表：{y}年度政府信息公开情况统计表")
        g = grid.legacy_grid(rows, y, cumulative)
        _rekey_legacy(g)
        blocks.append(g)
    blocks += prose.signature(a, y, rng)
    return blocks, truth, optional


def _rekey_legacy(g: grid.Grid) -> None:
    seen: dict[str, int] = {}
    for row in g:
        keyed = [c for c in row if c.key is not None]
        if keyed:
            _, printed_row, _ = legacy_key(keyed[0].key[1], seen)  # type: ignore[index]
            for c in keyed:
                c.key = ("legacy", printed_row, c.key[2])  # type: ignore[index]


def compose(spec: Spec, rng: random.Random) -> tuple[Builder, dict[Key, Any], dict[Key, Any]]:
    """Return the rendered report (text and value spans), its true cells and optional printed cells."""
    optional: dict[Key, Any] = {}
    if spec.era == "pre2019":
        blocks, truth, optional = _legacy_blocks(spec, rng)
    else:
        blocks, truth = _post2019_blocks(spec, rng), dict(spec.cells)
    head = noise.header(spec.agency, spec.year, rng) if spec.noise else []
    tail = noise.footer(spec.agency, spec.year, rng) if spec.noise else []
    title_lines = next(i for i, block in enumerate(blocks) if not isinstance(block, str) or "报告" in block) + 1
    return render(blocks, spec.style, head, tail, title_lines), truth, optional


def truth_record(
    spec: Spec, file: str, encoding: str, truth: dict[Key, Any], optional: dict[Key, Any], defects: list[dict[str, Any]]
) -> dict[str, Any]:
    """Return the truth.jsonl record of one report (cells as [table, row, col, value]).

    `optional_cells` are printed but outside the contract (a legacy table's 历年累计): a reader
    need not emit them, but any value it emits for them must be right.
    """
    return {
        "file": file,
        "agency": spec.agency.name,
        "year": spec.year,
        "era": spec.era,
        "layout": spec.style.layout,
        "encoding": encoding,
        "cells": [[*k, v] for k, v in truth.items()],
        "optional_cells": [[*k, v] for k, v in optional.items()],
        "defects": defects,
    }
