"""narrative.matches_tables: figures stated in the prose against the table cells they describe.

A sentence may quote a block sum (不予公开6件 = the eight denial rows) or a single sub-item,
and 共收到N件 may or may not include the carried-in applications; every reading is tried
before a figure is flagged.
"""

import re
from dataclasses import dataclass
from functools import cache

from pipeline import spec
from pipeline.catalogue import Rule
from pipeline.evidence import CellIndex, evidence, finding, fmt, overall
from pipeline.model import Finding, RuleStatus

_UNIT = r"\s*(?:件|起|条|个)"
_T3 = "t3"
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Figure:
    """A kind of prose figure: its pattern and the cell sums it may equal."""

    name: str
    pattern: re.Pattern[str]
    readings: tuple[tuple[tuple[str, str, str], ...], ...]


def _t3_total(*rows: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((_T3, r, "total") for r in rows)


def _block(prefix: str) -> tuple[tuple[tuple[str, str, str], ...], ...]:
    rows = [r for r in spec.load_spec()["t3"]["rows"] if r.startswith(prefix + ".")]
    return (_t3_total(*rows), *(_t3_total(r) for r in rows))


@cache
def figures() -> tuple[Figure, ...]:
    """Return the prose figures the rule knows, each with its admissible readings.

    Built once: the figures are constants, and building them per sentence (regex compiles,
    spec look-ups) was half of all parse time in the scale benchmark's profile.
    """
    return (
        Figure("received", re.compile(rf"(?:共|累计|全年)(?:收到|受理|新收)[^。;,，]{{0,15}}?(\d+){_UNIT}"),
               (_t3_total("new_received"), _t3_total("new_received", "carried_in"))),
        Figure("carried_in", re.compile(rf"(?:上一?年度?|上年)结转[^。;,，]{{0,8}}?(\d+){_UNIT}"),
               (_t3_total("carried_in"),)),
        Figure("handled", re.compile(rf"(?:已|共|全部)办结[^。;,，率]{{0,6}}?(\d+){_UNIT}"),
               (_t3_total("total_handled"),)),
        Figure("carried_out", re.compile(rf"结转(?:到|至)?下一?年度?[^。;,，]{{0,8}}?(\d+){_UNIT}"),
               (_t3_total("carried_out"),)),
        Figure("granted", re.compile(rf"(?<!不)予以公开[^。;,，及和]{{0,4}}?(\d+){_UNIT}"),
               (_t3_total("granted"),)),
        Figure("partially_granted", re.compile(rf"部分公开[^。;,，]{{0,4}}?(\d+){_UNIT}"),
               (_t3_total("partially_granted"), _t3_total("granted", "partially_granted"))),
        Figure("denied", re.compile(rf"不予公开[^。;,，]{{0,4}}?(\d+){_UNIT}"), _block("denied")),
        Figure("unavailable", re.compile(rf"无法提供[^。;,，]{{0,4}}?(\d+){_UNIT}"), _block("unavailable")),
        Figure("not_processed", re.compile(rf"不予处理[^。;,，]{{0,4}}?(\d+){_UNIT}"), _block("not_processed")),
        Figure("review", re.compile(rf"行政复议[^。;,，]{{0,4}}?(\d+){_UNIT}"), ((("t4", "cases", "review.total"),),)),
        Figure("litigation", re.compile(rf"行政诉讼[^。;,，]{{0,4}}?(\d+){_UNIT}"),
               ((("t4", "cases", "suit_direct.total"), ("t4", "cases", "suit_after_review.total")),)),
    )  # fmt: skip


def check_narrative(rule: Rule, lines: list[str], cells: CellIndex) -> tuple[RuleStatus, list[Finding]]:
    """Match every stated figure to its cells; no figure stated means not_assessable."""
    statuses: list[RuleStatus] = []
    out: list[Finding] = []
    for no, line in enumerate(lines, start=1):
        if "\t" in line or "|" in line or not _DIGIT.search(line):
            continue  # table rows, not prose; or nothing a figure could be
        for sentence in re.split(r"[。;；]", line):
            if not _DIGIT.search(sentence):
                continue  # every figure pattern needs a digit
            for fig in figures():
                for m in fig.pattern.finditer(sentence):
                    status, f = _match(rule, fig, int(m.group(1)), sentence.strip(), no, cells)
                    statuses.append(status)
                    if f:
                        out.append(f)
    if not statuses:
        return "not_assessable", [finding(rule, "not_assessable", "正文未陈述可与表格核对的数字")]
    return overall(statuses), out


def _match(
    rule: Rule, fig: Figure, stated: int, sentence: str, line: int, cells: CellIndex
) -> tuple[RuleStatus, Finding | None]:
    sums: list[float] = []
    for reading in fig.readings:
        terms = [cells.get(k) for k in reading]
        if any(c is None or c.value is None for c in terms):
            continue
        sums.append(sum(float(c.value or 0) for c in terms if c))
    if any(abs(s - stated) < 1e-9 for s in sums):
        return "pass", None
    if not sums:
        return "not_assessable", None
    first = fig.readings[0]
    ev = [{"table": "prose", "row": fig.name, "col": "", "value": stated, "raw": sentence[:120], "line": line}]
    ev += [evidence(cells[k]) for k in first if k in cells]
    msg = f"正文称“{sentence[:60]}”（{fig.name} = {stated}），表格为 {fmt(sums[0])}"
    return "fail", finding(rule, "fail", msg, sums[0], float(stated), ev, fig.name)
