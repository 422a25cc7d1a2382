"""pipeline.legacy.read_legacy: pre-2019 statistics tables kept row by row."""

import pytest

from pipeline.decode import normalise_line
from pipeline.legacy import read_legacy
from pipeline.model import Cell
from tests.unit.fixtures import LEGACY as TABLE


def read(text: str) -> list[Cell]:
    raw = text.split("\n")
    cells, _ = read_legacy([normalise_line(x) for x in raw], raw)
    return cells


def rows(cells: list[Cell]) -> dict[str, Cell]:
    return {c.row: c for c in cells}


def test_every_row_is_kept_with_its_normalised_label() -> None:
    cells = rows(read(TABLE))

    assert cells["(一)主动公开政府信息数"].value == 120
    assert cells["其中:主动公开规范性文件数"].value == 10
    assert cells["1.当面申请数"].value == 4
    assert cells["四、依申请公开信息收取的费用"].value == pytest.approx(0.25)
    assert {c.table for c in cells.values()} == {"legacy"}
    assert {c.col for c in cells.values()} == {"value"}


def test_units_lines_and_raw() -> None:
    cell = rows(read(TABLE))["(一)收到申请数"]

    assert (cell.unit, cell.line, cell.raw) == ("件", 8, "9")


def test_blank_rows_are_none_and_text_answers_are_dropped() -> None:
    cells = rows(read(TABLE))

    heading = cells["一、主动公开情况"]
    assert (heading.value, heading.raw, heading.unit) == (None, "—", None)
    assert not any("是否" in r for r in cells)


def test_well_known_indicators_are_mapped() -> None:
    cells = rows(read(TABLE))

    assert cells["proactive_total"].value == 120
    assert cells["proactive_total"].line == 5
    assert cells["requests_received"].value == 9
    assert cells["requests_completed"].value == 9
    assert cells["review_total"].value == 0
    assert cells["fees_wan_yuan"].unit == "万元"
    assert "litigation_total" not in cells  # not printed, not invented


def test_indicator_never_maps_a_其中_row() -> None:
    text = TABLE.replace("（一）主动公开政府信息数\t条\t120\n", "")

    assert "proactive_total" not in rows(read(text))


def test_repeated_labels_get_numbered_codes() -> None:
    text = TABLE + "\n（一）收到申请数\t件\t3"

    cells = rows(read(text))

    assert cells["(一)收到申请数"].value == 9
    assert cells["(一)收到申请数#2"].value == 3


def test_nothing_before_the_header_is_read() -> None:
    text = "行政许可\t件\t5\n" + TABLE

    assert "行政许可" not in rows(read(text))


def test_no_statistics_table_gives_only_the_prose_figures() -> None:
    cells = read("2017年某县政府信息公开工作年度报告\n全年主动公开信息120条。")

    assert [(c.row, c.value, c.origin, c.line) for c in cells] == [("proactive_total", 120, "prose", 2)]


def test_prose_figures_fill_only_indicators_the_table_lacks() -> None:
    cells = read(TABLE + "\n全年主动公开信息999条，未收到政府信息公开申请。")
    by_row = rows(cells)

    assert by_row["proactive_total"].origin == "table"
    assert by_row["proactive_total"].value == 120


def test_flattened_table_keeps_unambiguous_rows_and_reports_the_others_missing() -> None:
    raw = ["附件1：统计表 指标名称计量单位2011年度历年累计主动公开信息数条4251516行政复议数条00政府公报公开条77"]
    cells, missing = read_legacy([normalise_line(x) for x in raw], raw)
    got = {(c.row, c.col): c.value for c in cells if c.origin == "table"}

    assert got[("行政复议数", "value")] == 0
    assert got[("政府公报公开", "cumulative")] == 7
    assert ("主动公开信息数", "value") not in got
    assert {(m.row, m.col) for m in missing} == {("主动公开信息数", "value"), ("主动公开信息数", "cumulative")}


def test_flattened_year_figure_is_bounded_by_the_running_total() -> None:
    # 6512 reads 6|512, 65|12 or 651|2; only the first keeps the year within 历年累计.
    raw = ["附件1：统计表 指标名称计量单位2011年度历年累计主动公开信息数条6512行政复议数条00"]
    cells, missing = read_legacy([normalise_line(x) for x in raw], raw)
    got = {(c.row, c.col): c.value for c in cells if c.origin == "table"}

    assert (got[("主动公开信息数", "value")], got[("主动公开信息数", "cumulative")]) == (6, 512)
    assert not missing


def test_flattened_label_with_a_figure_in_its_brackets_keeps_its_row() -> None:
    # "（不同方式回应同一热点或舆情计1次）" is part of the label: the row's figures are 3 and 20.
    label = "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）"
    raw = [f"指标名称计量单位2017年度历年累计{label}次320行政复议数条00"]
    cells, missing = read_legacy([normalise_line(x) for x in raw], raw)
    got = {(c.row, c.col): c.value for c in cells if c.origin == "table"}

    row = "(一)回应公众关注热点或重大舆情数(不同方式回应同一热点或舆情计1次)"
    assert (got[(row, "value")], got[(row, "cumulative")]) == (3, 20)
    assert not missing


def test_a_row_that_stops_before_its_figure_is_reported_unread() -> None:
    # A file cut inside the row's cells: its label and unit are there, its figure is not.
    raw = [*TABLE.split("\n")[:9], "2.网络申请数\t件"]
    cells, missing = read_legacy([normalise_line(x) for x in raw], raw)

    assert "2.网络申请数" not in {c.row for c in cells}
    assert [(m.row, m.col, m.line) for m in missing] == [("2.网络申请数", "value", 10)]
    assert "cut" in missing[0].reason
