"""warehouse.report: the HTML data-quality report on the seeded sample warehouse and on hostile rows."""

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from tests.warehouse.sample_warehouse import build_sample_warehouse
from warehouse import loader
from warehouse.report import render_report, report_counts

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """The five sample reports loaded for 2017, 2021 and 2022, opened read-only."""
    path = tmp_path_factory.mktemp("warehouse") / "nianbao.duckdb"
    assert build_sample_warehouse(path) == [2017, 2021, 2022]
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def hit_lines(page: str) -> set[int]:
    """Return the source line numbers the page highlights as evidence."""
    return {int(n) for n in re.findall(r'<tr class="hit"><td class="ln">(\d+)</td>', page)}


@pytest.mark.parametrize("year", [2017, 2021, 2022])
def test_every_failing_finding_appears_with_its_evidence_lines(sample: duckdb.DuckDBPyConnection, year: int) -> None:
    page = render_report(sample, year, generated_at=WHEN)
    failing = sample.sql(
        "SELECT rule_id, message, cells, context FROM findings WHERE year = $y AND status = 'fail'",
        params={"y": year},
    ).fetchall()
    for rule_id, message, cells, context in failing:
        assert f"<code>{rule_id}</code>" in page
        assert html.escape(message) in page
        lines = {c["line"] for c in json.loads(cells)}
        assert lines, rule_id
        for line in lines:
            assert f'<td class="num">{line}</td>' in page, (rule_id, line)
        # Source lines are shown where the finding stored them (cross-year findings store none).
        if json.loads(context):
            assert lines <= hit_lines(page), rule_id
    if not failing:
        assert f"No report of {year} fails a rule." in page


def test_kunlun_2021_shows_the_t4_break_with_expected_and_actual(sample: duckdb.DuckDBPyConnection) -> None:
    page = render_report(sample, 2021, generated_at=WHEN)
    assert "昆都仑区" in page
    assert "data/sample/001_92969d3ed0cdc049.txt" in page
    assert "expected <b>14</b> · actual <b>13</b>" in page
    # 617 holds the printed total 13; 609 and 611 its parts 11 and 3.
    assert {609, 611, 617, 107} <= hit_lines(page)
    assert '<tr class="hit"><td class="ln">617</td><td class="tx">13</td></tr>' in page


def test_cross_year_findings_appear_with_both_years_cells(sample: duckdb.DuckDBPyConnection) -> None:
    # 平潭 police 2022 does not roll its 行政规范性文件 in force from 2021 (2 + 4 - 1 != 7).
    page = render_report(sample, 2022, generated_at=WHEN)
    assert "平潭综合实验区公安局" in page
    assert "<code>cross_year.in_force_roll</code>" in page
    assert "<th>year</th>" in page
    assert '<td class="num">2021</td>' in page
    assert summary_cells(page, "cross_year.in_force_roll") == stored_counts(sample, 2022, "cross_year.in_force_roll")


def summary_cells(page: str, rule_id: str) -> list[str]:
    """Return the pass, fail and not-assessable numbers of a rule's summary row."""
    row = re.search(rf"<code>{re.escape(rule_id)}</code>.*?</tr>", page, re.S)
    assert row is not None, rule_id
    return re.findall(r'<td class="num[^"]*">([^<]*)', row.group(0))[:3]


def stored_counts(con: duckdb.DuckDBPyConnection, year: int, rule_id: str) -> list[str]:
    """Count a rule's results straight from rule_results, as the page should show them."""
    row = con.sql(
        "SELECT count(*) FILTER (status = 'pass'), count(*) FILTER (status = 'fail'),"
        " count(*) FILTER (status = 'not_assessable') FROM rule_results WHERE year = $y AND rule_id = $r",
        params={"y": year, "r": rule_id},
    ).fetchall()[0]
    return [str(n) for n in row]


def test_rule_summary_counts_each_result(sample: duckdb.DuckDBPyConnection) -> None:
    page = render_report(sample, 2022, generated_at=WHEN)
    n_pass, n_fail, n_na = stored_counts(sample, 2022, "t3.balance")
    assert int(n_pass) >= 3
    assert summary_cells(page, "t3.balance") == [n_pass, n_fail, n_na]
    row = re.search(r"<code>t3\.balance</code>.*?</tr>", page, re.S)
    assert row is not None
    assert "国办公开办函〔2021〕30号" in row.group(0)
    # legacy.part_le_whole is not assessable on 2021-format reports: counted, but not a failure.
    assert summary_cells(page, "legacy.part_le_whole") == stored_counts(sample, 2022, "legacy.part_le_whole")
    assert summary_cells(page, "legacy.part_le_whole")[:2] == ["0", "0"]
    # The 2021 page: 昆都仑区 fails t4.group_total.
    page_2021 = render_report(sample, 2021, generated_at=WHEN)
    assert summary_cells(page_2021, "t4.group_total") == stored_counts(sample, 2021, "t4.group_total")
    assert int(summary_cells(page_2021, "t4.group_total")[1]) >= 1


def test_counts_match_the_warehouse(sample: duckdb.DuckDBPyConnection) -> None:
    for year in (2017, 2021, 2022):
        counts = report_counts(sample, year)
        statuses = dict(
            sample.sql(
                "SELECT status, count(*) FROM reports WHERE year = $y OR year IS NULL GROUP BY status",
                params={"y": year},
            ).fetchall()
        )
        failing = sample.sql(
            "SELECT count(*), count(DISTINCT report_id) FROM findings WHERE year = $y AND status = 'fail'",
            params={"y": year},
        ).fetchall()[0]
        assert counts == {
            "n_reports": sum(statuses.values()),
            "n_parsed": statuses.get("parsed", 0),
            "n_partial": statuses.get("partial", 0),
            "n_rejected": statuses.get("rejected", 0),
            "n_failing_reports": failing[1],
            "n_failing_findings": failing[0],
            "n_quarantined": 0,
            "n_unread_cells": sample.sql(
                "SELECT count(*) FROM unread_cells WHERE year = $y", params={"y": year}
            ).fetchall()[0][0],
        }
    assert report_counts(sample, 2021)["n_failing_reports"] >= 1


def test_page_is_self_contained_utf8_and_deterministic(sample: duckdb.DuckDBPyConnection) -> None:
    page = render_report(sample, 2021, generated_at=WHEN)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>政府信息公开工作年度报告 数据质量报告 · 2021 年度</title>" in page
    assert "2026-01-02 03:04:05 UTC" in page
    for external in ("<script", "<link", "<img", "src=", "@import", "url(", "http://", "https://"):
        assert external not in page
    assert render_report(sample, 2021, generated_at=WHEN) == page
    later = render_report(sample, 2021, generated_at=datetime(2027, 1, 1, tzinfo=UTC))
    assert later.replace("2027-01-01 00:00:00 UTC", "2026-01-02 03:04:05 UTC") == page


HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse whose stored text tries to inject markup everywhere the page prints text."""
    con = loader.connect(tmp_path / "hostile.duckdb")
    loader.apply_ddl(con)
    con.execute(
        "INSERT INTO reports (report_id, source, sha256, year, agency, era, status) VALUES "
        "('r1', $src, 'abc', 2021, $agency, '\"><b>era', 'parsed'), "
        "('q1', 'bad.pdf', 'def', NULL, NULL, NULL, 'rejected')",
        {"src": f'x"{HOSTILE}.txt', "agency": f"<img src=x onerror=alert(1)>{HOSTILE}"},
    ).fetchall()
    con.execute(
        "INSERT INTO quarantine VALUES ('def', $src, $reason, TIMESTAMP '2026-01-01 00:00:00', 'run')",
        {"src": f"{HOSTILE}.pdf", "reason": f"binary {HOSTILE}"},
    ).fetchall()
    cells = [{"table": "t4", "row": "<i>", "col": HOSTILE, "value": 13.0, "raw": "1<3", "line": 5, "year": 2021}]
    context = [{"line": 4, "text": "</table></td>" + HOSTILE}, {"line": 5, "text": "13"}, {"line": 9, "text": "&amp;"}]
    con.execute(
        "INSERT INTO findings (report_id, year, agency, rule_id, severity, status, scope, message, expected,"
        " actual, cells, lines, context)"
        " VALUES ('r1', 2021, NULL, $rule, $sev, 'fail', $scope, $msg, 14, 13, $cells, '5', $ctx)",
        {
            "rule": f"t4.group_total{HOSTILE}",
            "sev": '" onmouseover="alert(1)',
            "scope": HOSTILE,
            "msg": f"total 13 {HOSTILE} & more",
            "cells": json.dumps(cells),
            "ctx": json.dumps(context),
        },
    ).fetchall()
    con.execute(
        "INSERT INTO rule_results VALUES ('r1', 2021, NULL, $rule, 'fail', 'run', '0'), "
        "('r1', 2021, NULL, 't3.balance', 'pass', 'run', '0')",
        {"rule": f"t4.group_total{HOSTILE}"},
    ).fetchall()
    con.execute(
        "INSERT INTO unread_cells (report_id, year, table_code, row_code, col_code, reason)"
        " VALUES ('r1', 2021, 't2', 'rules', 'issued', $reason), ('r1', 2021, 't2', 'rules', 'repealed', $reason)",
        {"reason": f"glued {HOSTILE}"},
    ).fetchall()
    yield con
    con.close()


def test_every_stored_text_is_escaped(hostile: duckdb.DuckDBPyConnection) -> None:
    page = render_report(hostile, 2021, generated_at=WHEN)
    assert "<script" not in page
    assert "<img" not in page
    assert "<b>era" not in page
    assert 'onmouseover="' not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "total 13 &lt;script&gt;" in page
    assert "&amp; more" in page
    # An unknown severity gets the neutral class; its text is shown escaped.
    assert '<span class="sev unknown">&quot; onmouseover=&quot;alert(1)</span>' in page
    # Context text is escaped too, the evidence line highlighted and the gap 5 -> 9 marked.
    assert "&lt;/table&gt;&lt;/td&gt;&lt;script&gt;" in page
    assert '<tr class="hit"><td class="ln">5</td>' in page
    assert '<tr class="gap">' in page
    # A float value prints as the report printed it; extra evidence keys (year) get a column.
    assert '<td class="num">13</td><td class="mono">1&lt;3</td><td class="num">5</td><td class="num">2021</td>' in page
    assert "&amp;amp;" in page
    # The rejected file is counted and listed in the quarantine.
    assert report_counts(hostile, 2021)["n_rejected"] == 1
    assert "binary &lt;script&gt;" in page
    # Unread cells are counted per table and reason, the reason escaped.
    assert "Unread cells · 未能读出的单元格 (2)" in page
    assert '<td>t2</td><td>glued &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</td><td class="num">2</td>' in page


def test_damaged_evidence_json_still_renders(hostile: duckdb.DuckDBPyConnection) -> None:
    hostile.execute("UPDATE findings SET cells = '{not json', context = '\"a string\"'").fetchall()
    page = render_report(hostile, 2021, generated_at=WHEN)
    assert "No cell evidence." in page
    assert "No source lines stored." in page
