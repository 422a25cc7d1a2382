"""pipeline.parse: one file in, one Report out; never an exception for bad input."""

import codecs
import hashlib
import html
from pathlib import Path

import pytest

from pipeline.model import Cell, Report
from pipeline.parse import parse_bytes, parse_file
from tests.unit.fixtures import line_of, render_report


def key(cells: list[Cell]) -> list[tuple[str, str, str, int | float | None]]:
    return [(c.table, c.row, c.col, c.value) for c in cells]


def as_html(text: str) -> str:
    """The same report as a web page: prose in <p>, every tab row a one-row <table>."""
    parts = ["<html><head><style>td{}</style></head><body>"]
    for line in text.strip().split("\n"):
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(c) or '&nbsp;'}</td>" for c in line.split("\t"))
            parts.append(f"<table><tr>{cells}</tr></table>")
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    return "\n".join([*parts, "</body></html>"])


def test_report_metadata_sections_and_cells() -> None:
    text = render_report()
    data = text.encode("utf-8")

    report = parse_bytes(data, "r.txt")

    assert (report.source, report.sha256) == ("r.txt", hashlib.sha256(data).hexdigest())
    assert (report.status, report.agency, report.year, report.era) == ("parsed", "某市", 2022, "gov2021")
    assert [(s.code, s.line) for s in report.sections] == [
        ("overview", 2),
        ("proactive", 4),
        ("requests", line_of(text, "三、收到和处理")),
        ("review_litigation", line_of(text, "四、政府信息公开行政复议")),
        ("problems", line_of(text, "五、")),
        ("other_matters", line_of(text, "六、")),
    ]
    assert len(report.cells) == 10 + 25 * 7 + 15
    assert report.missing == []
    assert all(c.line is not None for c in report.cells)


@pytest.mark.parametrize("codec", ["gbk", "utf-8-sig"])
def test_encodings_give_the_same_cells(codec: str) -> None:
    text = render_report()

    plain = parse_bytes(text.encode("utf-8"), "a")
    other = parse_bytes(text.encode(codec), "b")

    assert other.status == "parsed"
    assert key(other.cells) == key(plain.cells)
    assert other.rule_results == plain.rule_results


def test_html_page_gives_the_same_cells() -> None:
    text = render_report()

    report = parse_bytes(as_html(text).encode("utf-8"), "r.html")

    assert (report.status, report.reason) == ("parsed", "")
    assert key(report.cells) == key(parse_bytes(text.encode(), "r.txt").cells)


def test_full_width_digits_are_read() -> None:
    text = render_report().replace("行政许可\t13", "行政许可\t１３")

    cell = next(c for c in parse_bytes(text.encode(), "r").cells if c.row == "licensing")

    assert (cell.value, cell.raw) == (13, "１３")


def test_missing_cells_make_the_report_partial() -> None:
    report = parse_bytes(render_report(drop_rows=["carried_out"]).encode(), "r")

    assert report.status == "partial"
    assert report.reason == "7 cells not read (t3): row label not found"
    assert {m.row for m in report.missing} == {"carried_out"}


def test_missing_section_makes_the_report_partial() -> None:
    report = parse_bytes(render_report(drop_sections=["problems"]).encode(), "r")

    assert report.status == "partial"
    assert "1 of the 6 sections not found" in report.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n", "binary file (a PNG image), not text"),
        ("今天天气很好。".encode(), "not a 政府信息公开工作年度报告: the text never mentions 信息公开"),
        ("政府信息公开".encode() + b"\x00", "binary file: it contains NUL bytes"),
    ],
)
def test_bad_input_is_a_rejected_report(data: bytes, reason: str) -> None:
    report = parse_bytes(data, "bad")

    assert (report.status, report.reason) == ("rejected", reason)
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert (report.cells, report.findings, report.rule_results) == ([], [], {})


@pytest.mark.parametrize(
    "data",
    [codecs.BOM_UTF16_LE + b"\x00", codecs.BOM_UTF8 + "政府信息公开".encode("gbk")],
    ids=["utf16-odd-length", "utf8-bom-then-gbk"],
)
def test_undecodable_bytes_after_a_bom_are_rejected(data: bytes) -> None:
    report = parse_bytes(data, "bom")

    assert report.status == "rejected"


def test_deeply_nested_html_does_not_raise() -> None:
    page = "<div>" * 50000 + "政府信息公开工作年度报告" + "</div>" * 50000

    report = parse_bytes(page.encode(), "deep.html")

    assert report.status in ("partial", "rejected")


def test_parse_file(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(render_report().encode("gbk"))

    report = parse_file(path)

    assert (report.source, report.status, report.agency) == (str(path), "parsed", "某市")


def test_parse_file_over_the_limit_is_rejected_with_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    data = render_report().encode()
    path.write_bytes(data)

    report = parse_file(path, max_bytes=100)

    assert report.status == "rejected"
    assert report.reason == f"file is {len(data)} bytes, over the 100-byte limit"
    assert report.sha256 == hashlib.sha256(data).hexdigest()


def test_parse_file_unreadable(tmp_path: Path) -> None:
    report = parse_file(tmp_path / "absent.txt")

    assert (report.status, report.sha256) == ("rejected", "")
    assert report.reason.startswith("cannot read the file: ")


def test_to_json_round_trip_keys() -> None:
    report: Report = parse_bytes(render_report().encode(), "r")

    data = report.to_json()

    assert data["cells"][0] == {
        "table": "t2",
        "row": "regulations",
        "col": "issued",
        "value": 0,
        "raw": "0",
        "line": 7,
    }
    assert data["rule_results"] == report.rule_results
    fee = next(c for c in data["cells"] if c["row"] == "admin_fees")
    assert fee["unit"] == "万元"


@pytest.mark.parametrize(
    "head",
    ["政府信息公开工作年度报告", "政 府 信 息 公 开 工 作 年 度 报 告", "政务\n公开工作年度报告"],
    ids=["as-printed", "spaced", "across-lines"],
)
def test_report_words_are_found_however_spaced(head: str) -> None:
    report = parse_bytes(f"{head}\n一、总体情况\n本年度工作平稳。".encode(), "spaced")

    assert not report.reason.startswith("not a 政府信息公开工作年度报告")
