"""Every input accounted for: one row per file, whatever it holds, with a reason a person reads.

The inbox below holds one of each kind of bad input next to good reports; the run must give
exactly one raw row per file, in order, with the status and reason each deserves, frames that
match their schemas, and a warehouse where every input is one reports row and every rejected
file is quarantined.
"""

import os
from pathlib import Path

import polars as pl
import pytest

from expectations import schemas
from pipeline import intake, stages
from warehouse import accounting, loader

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
KANGBASHI_2022 = (SAMPLE / "000_056824993bc062c9.txt").read_bytes()
KUNDULUN_2021 = (SAMPLE / "001_92969d3ed0cdc049.txt").read_bytes()
XIFENG_2022 = (SAMPLE / "002_323c267c87cacc94.txt").read_bytes()
JINDONG_2022 = (SAMPLE / "004_9bf3dd1d6b9a4ab2.txt").read_bytes()
MAX_BYTES = 200_000


def make_inbox(root: Path) -> dict[str, Path]:
    """Write one file of every kind into `root`; return them by kind, in the order listed."""
    text = KANGBASHI_2022.decode("utf-8")
    files: dict[str, bytes] = {
        "good": KANGBASHI_2022,
        "copy": KANGBASHI_2022,  # same bytes, another name
        "conflict": text.replace("5627", "5628", 1).encode("utf-8"),  # same agency and year, other figures
        "gbk": XIFENG_2022.decode("utf-8").encode("gb18030"),
        "empty": b"",
        "blank": b" \n\t\n",
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "nul": "政府信息公开".encode() + b"\x00\x01\x02" * 50,
        "unknown_encoding": b"\x81\x20" * 200,  # not UTF-8, not GB18030
        "oversized": KANGBASHI_2022 * (MAX_BYTES // len(KANGBASHI_2022) + 1),
        "not_a_report": "关于召开2022年第一次安全生产工作会议的通知\n各单位：定于下周一召开会议。\n".encode(),
        "truncated": KUNDULUN_2021[: KUNDULUN_2021.index(b"3066") + 2],  # cut inside 3066
        "cut_mid_character": JINDONG_2022[: JINDONG_2022.index("二、".encode()) + 1],
        "nested_html": ("<div>" * 30_000 + "某县政府信息公开工作年度报告" + "</div>" * 10).encode(),  # under MAX_BYTES
    }
    paths = {}
    for i, (kind, data) in enumerate(files.items()):
        path = root / f"{i:02d}_{kind}.txt"
        path.write_bytes(data)
        paths[kind] = path
    os.mkfifo(root / "99_fifo")
    paths["fifo"] = root / "99_fifo"
    paths["directory"] = root
    paths["vanished"] = root / "gone.txt"  # listed, then removed before it was read
    return paths


@pytest.fixture
def inbox(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return make_inbox(folder)


def test_every_input_is_one_row_with_the_status_it_deserves(inbox: dict[str, Path]) -> None:
    raw = stages.read_reports(list(inbox.values()), max_bytes=MAX_BYTES)

    assert raw.height == len(inbox)
    rows = dict(zip(inbox, raw.iter_rows(named=True), strict=True))
    assert [rows[k]["source"] for k in inbox] == [str(p) for p in inbox.values()]  # in order
    expected = {
        "good": ("parsed", ""),
        "gbk": ("parsed", ""),
        "copy": ("rejected", "duplicate of "),
        "empty": ("rejected", "empty file"),
        "blank": ("rejected", "empty file"),
        "pdf": ("rejected", "binary file (a PDF file), not text"),
        "png": ("rejected", "binary file (a PNG image), not text"),
        "nul": ("rejected", "binary file: it contains NUL bytes"),
        "unknown_encoding": ("rejected", "unknown encoding: neither UTF-8 nor GB18030"),
        "oversized": ("rejected", f"over the {MAX_BYTES}-byte limit"),
        "not_a_report": ("rejected", "not a 政府信息公开工作年度报告"),
        "truncated": ("partial", "the file seems cut off: it ends in the middle of a table row"),
        "cut_mid_character": ("partial", "the file ends in the middle of a character"),
        "nested_html": ("partial", "sections not found"),
        "fifo": ("rejected", "not a regular file"),
        "directory": ("rejected", "not a regular file"),
        "vanished": ("rejected", "cannot read the file: No such file or directory"),
    }
    for kind, (status, reason) in expected.items():
        assert rows[kind]["status"] == status, kind
        assert reason in rows[kind]["reason"], (kind, rows[kind]["reason"])
    assert rows["conflict"]["status"] == "parsed"


def test_a_duplicate_is_recorded_once_and_not_parsed_again(inbox: dict[str, Path]) -> None:
    raw = stages.read_reports(list(inbox.values()), max_bytes=MAX_BYTES)
    good, copy = (raw.row(by_predicate=pl.col("source") == str(inbox[k]), named=True) for k in ("good", "copy"))

    assert copy["duplicate_of"] == str(inbox["good"])
    assert copy["reason"].startswith(f"duplicate of {inbox['good']}: the same content")
    assert (copy["sha256"], copy["year"], copy["agency"]) == (good["sha256"], good["year"], good["agency"])
    assert copy["report_id"] != good["report_id"]
    assert copy["text"] == ""  # not parsed again: it has no cells of its own
    assert stages.raw_to_cells(raw.filter(pl.col("source") == str(inbox["copy"]))).is_empty()


def test_two_reports_of_one_agency_and_year_are_both_kept_and_point_at_each_other(inbox: dict[str, Path]) -> None:
    raw = stages.read_reports(list(inbox.values()), max_bytes=MAX_BYTES)
    good, conflict = (raw.row(by_predicate=pl.col("source") == str(inbox[k]), named=True) for k in ("good", "conflict"))

    assert good["conflict_with"] == conflict["report_id"]
    assert conflict["conflict_with"] == good["report_id"]
    assert raw.filter(pl.col("conflict_with").is_not_null()).height == 2  # the duplicate is not a conflict


def test_frames_match_their_schemas(inbox: dict[str, Path]) -> None:
    raw = stages.read_reports(list(inbox.values()), max_bytes=MAX_BYTES)

    assert schemas.find_schema_violations(raw, schemas.RawFrame).is_empty()
    assert schemas.find_schema_violations(stages.raw_to_reports(raw), schemas.ReportsFrame).is_empty()
    assert schemas.find_schema_violations(stages.raw_to_cells(raw), schemas.CellsFrame).is_empty()


def test_the_cut_row_is_missing_not_misread(inbox: dict[str, Path]) -> None:
    report, _ = stages.read_report(inbox["truncated"])

    assert ("t2", "penalty", "decisions") not in {(c.table, c.row, c.col) for c in report.cells}  # never "30"
    cut = [m for m in report.missing if (m.table, m.row, m.col) == ("t2", "penalty", "decisions")]
    assert cut  # reported missing, at its label's line
    assert report.status == "partial"
    assert "the file seems cut off" in report.reason


def test_an_html_page_cut_inside_a_table_is_partial_even_where_the_cut_row_held_no_figure() -> None:
    head = "<html><body><p>2016年某县政府信息公开工作年度报告</p><table>"
    row = "<tr><td>{}</td><td>件</td><td>{}</td></tr>"
    table = head + row.format("(一)收到申请数", 3) + row.format("1.当面申请数", 1)
    header = "<tr><td>指标名称</td><td>单位</td><td>2016年度</td></tr>"
    text = table.replace("<table>", "<table>" + header) + "<tr><td>2.网络申请数</td><td>件</td><td"

    report = intake.parse_checked(text, "cut.html", "0" * 64)

    assert report.status == "partial"
    assert "ends inside a table" in report.reason or "middle of a table row" in report.reason
    assert report.rule_results["legacy.part_le_whole"] == "not_assessable"
    signed = "<td>2</td></tr></table><p>某县人民政府办公室 2017年3月</p></body></html>"
    whole = intake.parse_checked(text.removesuffix("<td") + signed, "whole.html", "1" * 64)
    assert (whole.status, whole.rule_results["legacy.part_le_whole"]) == ("parsed", "pass")


def test_the_size_limit_is_configurable(inbox: dict[str, Path]) -> None:
    size = inbox["oversized"].stat().st_size

    assert stages.read_report(inbox["oversized"], max_bytes=MAX_BYTES)[0].status == "rejected"
    assert stages.read_report(inbox["oversized"], max_bytes=size)[0].status != "rejected"


def test_the_default_size_limit_is_5_mb() -> None:
    assert intake.DEFAULT_MAX_BYTES == 5 * 1024 * 1024


def load(database: Path, raw: pl.DataFrame, year: int, run_id: str) -> None:
    """Load one year of `raw` the way warehouse_tables does."""
    frame = raw.filter((pl.col("year") == year) | pl.col("year").is_null())
    con = loader.connect(database)
    try:
        loader.apply_ddl(con)
        loader.replace_year(con, year, **stages.raw_to_frames(frame), run_id=run_id)
    finally:
        con.close()


def test_the_warehouse_accounts_for_every_input(inbox: dict[str, Path], tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    raw = stages.read_reports(list(inbox.values()), max_bytes=MAX_BYTES)
    load(database, raw, 2022, "run-2022")

    con = loader.connect(database)
    try:
        inputs = raw.filter((pl.col("year") == 2022) | pl.col("year").is_null())
        assert accounting.find_unaccounted(con, inputs, "run-2022").is_empty()
        rejected = inputs.filter((pl.col("status") == "rejected") & pl.col("duplicate_of").is_null())
        quarantine = con.sql("SELECT sha256, source, reason FROM quarantine").pl()
        assert sorted(quarantine["sha256"]) == sorted(rejected["sha256"])
        assert all(reason for reason in quarantine["reason"])
        assert accounting.find_conflicts(con, 2022).height == 2

        con.execute("DELETE FROM reports WHERE source = ?", [str(inbox["pdf"])]).fetchall()
        failing = accounting.find_unaccounted(con, inputs, "run-2022")
        assert failing.select("source", "problem").rows() == [(str(inbox["pdf"]), "1 input file(s), 0 reports row(s)")]
        con.execute("DELETE FROM quarantine WHERE source = ?", [str(inbox["png"])]).fetchall()
        assert "rejected, not quarantined" in accounting.find_unaccounted(con, inputs, "run-2022")["problem"]
    finally:
        con.close()


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("行政许可 30", 4),
        ("行政许可\n30\n", 4),
        ("2022年2月21日\n", None),  # the last line break ends no row: no second parse
        ("<p>2011年1月28日</p>\n</body></html>\n", None),
        ("<table><tr><td>1</td></tr><tr><td>2", 26),
    ],
)
def test_only_a_text_that_stops_on_figures_has_a_cut_row(text: str, cut: int | None) -> None:
    assert intake.cut_point(text) == cut
