"""Pre-2019 figures without a table: flattened statistics tables and figures stated in prose.

A flattened table reads 指标名称计量单位2011年度历年累计主动公开信息数条4251516其中…: each row is a
label, its unit, then its values glued together; a row is kept only where the digits split
into the value columns in exactly one way. Prose figures (共受理…申请N件) fill only the legacy
indicators the tables did not give, marked origin "prose".
"""

import re
from typing import Final

from pipeline import spec
from pipeline.fit import Fit, fit_row
from pipeline.legacy_sums import settle
from pipeline.model import Cell, Missing
from pipeline.tokens import Tok, retext, tokenize_line

_FLAT_HEADER: Final = re.compile(r"指标名称\s*计量单位((?:\s*\d{4}\s*年度?|\s*历年累计|\s*本年度?|\s*累计)+)")
_LABEL_UNIT: Final = re.compile(r"^(.{2,60}?)(人次|万元|条|件|次|个|人|篇|项|元)$")
_VALUE_COLS: Final = re.compile(r"\d{4}\s*年度?|历年累计|本年度?|累计")
_PROSE: Final[dict[str, list[re.Pattern[str]]]] = {
    "requests_received": [
        re.compile(r"(?:共|累计)?(?:收到|受理)[^。;,，]{0,12}?申请(?:共)?(\d+)\s*(?:件|条|个|份)"),
        re.compile(r"(?:共|累计)(?:收到|受理)(\d+)\s*(?:件|条|个|份)[^。]{0,10}申请"),
    ],
    "proactive_total": [re.compile(r"主动公开(?:政府)?信息(?:共)?(\d+)\s*(?:条|件)")],
    "review_total": [re.compile(r"行政复议(?:申请)?(\d+)\s*(?:件|起)")],
    "litigation_total": [re.compile(r"行政诉讼(\d+)\s*(?:件|起)")],
}
# A figure is taken only if it counts the report year's applications: not one stated since a
# date (自2008年以来累计受理申请N件), a difference (较上年增加N件), one applicant type
# (收到自然人申请N件) or another channel (受理咨询N件).
_SINCE: Final = re.compile(r"以来|历年")
_OTHER_COUNT: Final = re.compile(r"较|同比|增加|减少|增长|下降|自然人|法人|其他组织|咨询|留言|诉求|热线")
_SENTENCE_START: Final = re.compile(r".*[。;；]")
# A year column then a 历年累计 column: the only layout where the second bounds the first.
_TWO: Final = ["value", "cumulative"]
_NONE_RECEIVED: Final = re.compile(r"未(?:收到|接到|受理)[^。;]{0,20}?政府信息公开(?:的)?申请")


# Compiled once: re's module functions look each pattern up in Python code on every call.
_SPACES: Final = re.compile(r"\s+")


def read_flat_table(lines: list[str], raw_lines: list[str]) -> tuple[list[Cell], list[Missing]]:
    """Read a statistics table flattened onto one line; ambiguous rows are reported missing."""
    cells: list[Cell] = []
    missing: list[Missing] = []
    for i, line in enumerate(lines):
        head = _FLAT_HEADER.search(line)
        if not head:
            continue
        cols = ["value" if n == 0 else "cumulative" for n, _ in enumerate(_VALUE_COLS.findall(head.group(1)))]
        seen: dict[str, int] = {}
        read: list[tuple[str, str, Fit, Tok]] = []
        for label, unit, values in _rows(tokenize_line(line, raw_lines[i], i + 1, head.end())):
            # Everything after the header is glued text: any digit run may hold several cells.
            glued = [retext(t, t.text, t.raw, glued=True) for t in values]
            fit = fit_row(glued, len(cols), _within_cumulative if cols == _TWO else None)
            seen[label] = seen.get(label, 0) + 1
            read.append((label if seen[label] == 1 else f"{label}#{seen[label]}", unit, fit, values[0]))
        for row, unit, fit in _settle_by_sums(read, cols):
            for n, col in enumerate(cols):
                if fit.values is None or n in fit.unsure:
                    missing.append(Missing("legacy", row, col, fit.reason or "ambiguous glued digits", i + 1))
                else:
                    tok = fit.toks[n]
                    cells.append(Cell("legacy", row, col, fit.values[n], tok.raw if tok else "", i + 1, unit))
        break
    return cells, missing


def _settle_by_sums(read: list[tuple[str, str, Fit, Tok]], cols: list[str]) -> list[tuple[str, str, Fit]]:
    """Replace rows several readings fit by the one reading the form's part sums allow, if any."""
    pending = {row: fit.readings for row, _, fit, _ in read if fit.readings and fit.unsure}
    known = {
        (row, col): fit.values[n]
        for row, _, fit, _ in read
        if fit.values is not None
        for n, col in enumerate(cols)
        if n not in fit.unsure
    }
    chosen = settle([row for row, _, _, _ in read], known, pending, cols) if pending else {}
    out = []
    for row, unit, fit, first in read:
        reading = chosen.get(row)
        if reading is not None:
            # Glued readings print each value as its own digits, so the value's digits are its raw text.
            toks = [retext(first, str(v), str(v)) if v is not None else None for v in reading]
            fit = Fit(list(reading), toks, "settled by the form's part sums")
        out.append((row, unit, fit))
    return out


def _within_cumulative(values: list[int | float | None]) -> bool | None:
    """The year's figure is part of the running total since the first year (历年累计)."""
    year, total = values
    return None if year is None or total is None else year <= total


def _rows(toks: list[Tok]) -> list[tuple[str, str, list[Tok]]]:
    rows: list[tuple[str, str, list[Tok]]] = []
    for t in _close_brackets(toks):
        if t.kind == "label":
            m = _LABEL_UNIT.match(_SPACES.sub("", t.text))
            rows.append((m.group(1).lstrip(":："), m.group(2), []) if m else ("", "", []))
        elif t.kind == "num" and rows and rows[-1][0]:
            rows[-1][2].append(t)
    return [r for r in rows if r[0] and r[2]]


def read_prose_figures(lines: list[str], have: set[str]) -> list[Cell]:
    """Return legacy indicator cells stated in sentences, for indicators not in `have`."""
    out: list[Cell] = []
    known = spec.legacy_indicators()
    for code, patterns in _PROSE.items():
        if code in have or code not in known:
            continue
        hit = _first(lines, patterns)
        if hit is None and code == "requests_received":
            hit = _first(lines, [_NONE_RECEIVED], zero=True)
        if hit is not None:
            line, value, raw = hit
            out.append(Cell("legacy", code, "value", value, raw, line, None, "prose"))
    return out


def _first(lines: list[str], patterns: list[re.Pattern[str]], zero: bool = False) -> tuple[int, int, str] | None:
    for no, line in enumerate(lines, start=1):
        for pat in patterns:
            for m in pat.finditer(line):
                if not zero and _counts_something_else(line, m):
                    continue
                return no, 0 if zero else int(m.group(1)), m.group(0)
    return None


def _counts_something_else(line: str, m: re.Match[str]) -> bool:
    return bool(_OTHER_COUNT.search(m.group(0)) or _SINCE.search(_SENTENCE_START.sub("", line[: m.start()])))


def _close_brackets(toks: list[Tok]) -> list[Tok]:
    """Keep a figure inside a label's open bracket in the label: （不同渠道发相同信息计1条） is text."""
    out: list[Tok] = []
    for t in toks:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "label" and prev.text.count("(") > prev.text.count(")"):
            text = t.text + (t.unit or "")  # 计1条: the count's unit is the label's text too
            out[-1] = retext(prev, prev.text + text, prev.raw + text)
        else:
            out.append(t)
    return out
