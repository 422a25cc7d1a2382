"""The data-quality report: one self-contained HTML page per report year, read from the warehouse.

The page is meant to be mailed or opened from disk, so it has inline CSS and no script or
external asset. Everything printed comes from agencies' report text (agency names,
messages, printed lines), so every value is HTML-escaped. Apart from the generation time
the output depends only on the warehouse rows: every query has a total order.
SQL lives in warehouse/report/*.sql.
"""

import html
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

import duckdb

from pipeline import catalogue

REPORT_DIR = Path(__file__).resolve().parent / "report"
REPORT_STATUSES = ("parsed", "partial", "rejected")
# Severities get a CSS class; anything else (a value we don't know) gets a neutral one,
# so no stored text ever reaches a class attribute.
SEVERITY_CLASS = {"error": "error", "warning": "warning", "info": "info"}
EVIDENCE_KEYS = ("table", "row", "col", "value", "raw", "line")
NUMERIC_KEYS = frozenset({"value", "line", "year"})

Row = dict[str, Any]


def _query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[Row]:
    """Run warehouse/report/<name>.sql with `params`; return its rows as dicts."""
    rel = con.sql((REPORT_DIR / f"{name}.sql").read_text(encoding="utf-8"), params=params or None)
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def report_counts(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, int]:
    """Return the page's headline numbers: reports per status, failing reports and findings."""
    status = {s: 0 for s in REPORT_STATUSES} | {
        r["status"]: r["n_reports"] for r in _query(con, "report_status", year=year)
    }
    failing = _query(con, "failing_findings", year=year)
    return {
        "n_reports": sum(status.values()),
        **{f"n_{s}": n for s, n in sorted(status.items())},
        "n_failing_reports": len({f["report_id"] for f in failing}),
        "n_failing_findings": len(failing),
        "n_quarantined": len(_query(con, "quarantine")),
        "n_unread_cells": int(_query(con, "unread_count", year=year)[0]["n_unread_cells"]),
    }


def render_report(con: duckdb.DuckDBPyConnection, year: int, *, generated_at: datetime | None = None) -> str:
    """Render the data-quality report of `year` as one HTML page (UTF-8 text).

    `generated_at` (default: now, UTC) is the only input that is not a warehouse row.
    """
    when = (generated_at or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    status = _query(con, "report_status", year=year)
    quarantine = _query(con, "quarantine")
    rules = _query(con, "rule_summary", year=year)
    failing = _query(con, "failing_findings", year=year)
    counts = report_counts(con, year)
    title = f"政府信息公开工作年度报告 数据质量报告 · {int(year)} 年度"
    css = (REPORT_DIR / "report.css").read_text(encoding="utf-8")
    body = [
        f"<header><h1>{_e(title)}</h1>",
        f'<div class="meta">Data-quality report of the {int(year)} annual reports · generated {_e(when)}</div>',
        "</header>",
        _cards(counts),
        _rules_section(rules),
        _status_section(status, quarantine),
        _unread_section(_query(con, "unread_summary", year=year), counts["n_unread_cells"]),
        _failing_section(failing, int(year)),
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(title)}</title>",
            f"<style>\n{css}</style>",
            "</head><body>",
            *body,
            "</body></html>",
            "",
        ]
    )


def _e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute; None prints as an em dash."""
    return "—" if value is None else html.escape(str(value), quote=True)


def _num(value: float | int | None) -> str:
    """Format a count or cell value: integers without a decimal point, None as an em dash."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else str(value)


def _severity(sev: object) -> str:
    css = SEVERITY_CLASS.get(str(sev), "unknown")
    return f'<span class="sev {css}">{_e(sev)}</span>'


def _table(headers: Iterable[str], rows: Iterable[str], cls: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _table_or(headers: Iterable[str], rows: list[str], empty: str) -> str:
    """Return the table of `rows`, or the `empty` note when there are none."""
    return _table(headers, rows) if rows else f'<p class="empty">{_e(empty)}</p>'


def _cards(counts: dict[str, int]) -> str:
    items = [
        ("reports", counts["n_reports"], False),
        *((s, counts[f"n_{s}"], s == "rejected" and counts[f"n_{s}"] > 0) for s in REPORT_STATUSES),
        ("failing reports", counts["n_failing_reports"], counts["n_failing_reports"] > 0),
        ("failing findings", counts["n_failing_findings"], counts["n_failing_findings"] > 0),
    ]
    cards = "".join(f'<div class="card{" bad" if bad else ""}"><b>{n}</b>{_e(label)}</div>' for label, n, bad in items)
    return f'<div class="cards">{cards}</div>'


def _rules_section(rules: list[Row]) -> str:
    """One row per catalogue rule (file order), then any other rule id the warehouse holds."""
    by_id = {r["rule_id"]: r for r in rules}
    known = catalogue.rules_by_id()
    ids = [r.id for r in catalogue.load_catalogue()] + sorted(set(by_id) - set(known))
    rows = [_rule_row(rule_id, known.get(rule_id), by_id.get(rule_id)) for rule_id in ids]
    headers = ["rule", "severity", "statute", "pass", "fail", "not assessable", "pass rate (assessable)"]
    return (
        "<section><h2>Rules · 规则汇总</h2>"
        '<p class="note">Reports per result. not_assessable (inputs blank or missing) is neither a pass '
        "nor a failure: the pass rate is taken over assessable reports only.</p>"
        f"{_table(headers, rows, 'rules')}</section>"
    )


def _rule_row(rule_id: str, rule: catalogue.Rule | None, res: Row | None) -> str:
    if res is None:
        # No report of the year has a result: e.g. cross-year rules before their stage ran.
        counts, rate_html = "<td></td><td></td><td></td>", '<td class="note">not evaluated</td>'
    else:
        rate = res["pass_rate"]
        bar = "" if rate is None else f'<span class="bar"><span style="width:{float(rate) * 100:.1f}%"></span></span>'
        counts = (
            f'<td class="num">{res["n_pass"]}</td><td class="num fail">{res["n_fail"]}</td>'
            f'<td class="num">{res["n_not_assessable"]}</td>'
        )
        rate_html = f'<td class="num">{bar}{"—" if rate is None else f"{float(rate):.1%}"}</td>'
    return (
        f'<tr class="{"failing" if res and res["n_fail"] else "clean"}">'
        f'<td><code>{_e(rule_id)}</code><div class="note">{_e(rule.description if rule else "")}</div></td>'
        f"<td>{_severity(rule.severity if rule else None)}</td><td>{_e(rule.statute if rule else None)}</td>"
        f"{counts}{rate_html}</tr>"
    )


def _status_section(status: list[Row], quarantine: list[Row]) -> str:
    counts = {s: 0 for s in REPORT_STATUSES} | {r["status"]: r["n_reports"] for r in status}
    status_rows = [f'<tr><td>{_e(s)}</td><td class="num">{n}</td></tr>' for s, n in counts.items()]
    q_rows = [
        f'<tr><td class="mono">{_e(q["source"])}</td><td>{_e(q["reason"])}</td>'
        f'<td class="mono">{_e(str(q["sha256"])[:16])}</td><td>{_e(q["first_seen"])}</td></tr>'
        for q in quarantine
    ]
    q_html = _table_or(["source file", "reason", "sha256", "first seen"], q_rows, "No file is quarantined.")
    return (
        "<section><h2>Reports · 报告状态</h2>"
        '<p class="note">Files whose year could not be read are counted in every year.</p>'
        f"{_table(['status', 'reports'], status_rows, 'compact')}"
        f"<h3>Quarantine · 隔离文件 ({len(quarantine)})</h3>{q_html}</section>"
    )


def _unread_section(groups: list[Row], n_cells: int) -> str:
    rows = [
        f"<tr><td>{_e(g['table_code'])}</td><td>{_e(g['reason'])}</td>"
        f'<td class="num">{g["n_cells"]}</td><td class="num">{g["n_reports"]}</td></tr>'
        for g in groups
    ]
    body = _table_or(["table", "reason", "cells", "reports"], rows, "Every cell found was read.")
    return (
        f"<section><h2>Unread cells · 未能读出的单元格 ({n_cells})</h2>"
        '<p class="note">Cells the parser found but could not read with certainty: our extraction gaps, '
        "not the agencies' errors. A rule that needs one is not assessable. Every cell is in unread_cells.</p>"
        f"{body}</section>"
    )


def _failing_section(failing: list[Row], year: int) -> str:
    if not failing:
        return (
            "<section><h2>Failing reports · 未通过的报告</h2>"
            f'<p class="empty">No report of {year} fails a rule.</p></section>'
        )
    blocks = []
    for _, group in groupby(failing, key=lambda f: f["report_id"]):
        findings = list(group)
        head = findings[0]
        blocks.append(
            f'<article class="report {SEVERITY_CLASS.get(str(head["severity"]), "unknown")}">'
            f"<h3>{_e(head['agency'] or '(agency unknown)')} · {len(findings)} failing finding(s)</h3>"
            f'<div class="meta">source <span class="mono">{_e(head["source"])}</span> · era {_e(head["era"])}'
            f' · status {_e(head["report_status"])} · report <span class="mono">{_e(head["report_id"])}</span></div>'
            + "".join(_finding(f) for f in findings)
            + "</article>"
        )
    n_reports = len(blocks)
    return (
        f"<section><h2>Failing reports · 未通过的报告 ({n_reports})</h2>"
        '<p class="note">Each failing finding with the cells it read and the printed lines around them '
        "(highlighted: the lines of those cells).</p>" + "".join(blocks) + "</section>"
    )


def _finding(f: Row) -> str:
    cells = _json_list(f["cells"])
    # `lines` holds the lines of this report's own evidence cells; a cross-year finding's
    # cells of year N-1 carry lines of another file, which must not be marked here.
    hits = {int(n) for n in str(f["lines"] or "").split(",") if n.strip().isdigit()}
    if f["lines"] is None:
        hits = {_as_int(c.get("line")) for c in cells}
    evidence = _evidence_table(cells)
    scope = f" · scope <code>{_e(f['scope'])}</code>" if f["scope"] else ""
    return (
        '<div class="finding">'
        f"<div>{_severity(f['severity'])} <code>{_e(f['rule_id'])}</code>{scope}"
        f" · expected <b>{_e(_num(f['expected']))}</b> · actual <b>{_e(_num(f['actual']))}</b></div>"
        f'<div class="message">{_e(f["message"])}</div>'
        f'<div class="ev"><div class="cells">{evidence}</div>'
        f'<div class="lines">{_source_lines(_json_list(f["context"]), hits)}</div></div>'
        "</div>"
    )


def _evidence_table(cells: list[Row]) -> str:
    """Tabulate the evidence cells: the standard keys, then any other key they carry (e.g. year)."""
    if not cells:
        return '<p class="note">No cell evidence.</p>'
    keys = [*EVIDENCE_KEYS, *sorted({k for c in cells for k in c} - set(EVIDENCE_KEYS))]
    rows = [
        "<tr>"
        + "".join(f'<td class="{"num" if k in NUMERIC_KEYS else "mono"}">{_cell_text(c, k)}</td>' for k in keys)
        + "</tr>"
        for c in cells
    ]
    return _table(keys, rows)


def _cell_text(cell: Row, key: str) -> str:
    """Print a cell's value as the report printed it (7, not 7.0); everything else as stored."""
    value = cell.get(key)
    if key == "value" and isinstance(value, int | float) and not isinstance(value, bool):
        return _e(_num(value))
    return _e(value)


def _source_lines(context: list[Row], hits: set[Any]) -> str:
    """Render the printed lines around the evidence, marking the evidence lines and any gap."""
    if not context:
        return '<p class="note">No source lines stored.</p>'
    rows: list[str] = []
    previous: int | None = None
    for item in sorted(context, key=lambda c: (_as_int(c.get("line")), str(c.get("text")))):
        line = _as_int(item.get("line"))
        if previous is not None and line > previous + 1:
            rows.append('<tr class="gap"><td class="ln">⋮</td><td class="tx"></td></tr>')
        cls = ' class="hit"' if line in hits else ""
        rows.append(f'<tr{cls}><td class="ln">{line}</td><td class="tx">{_e(item.get("text", ""))}</td></tr>')
        previous = line
    return f'<table class="src">{"".join(rows)}</table>'


def _json_list(text: str | None) -> list[Row]:
    """Parse a JSON list of objects; anything else (NULL, damaged text) gives an empty list."""
    try:
        data = json.loads(text or "[]")
    except ValueError:
        return []
    return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []


def _as_int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
