"""pipeline.tokens: every layout of a table row becomes the same label/num/blank stream."""

import pytest

from pipeline.decode import normalise_line
from pipeline.numbers import decimals, parse_number
from pipeline.tokens import Tok, compact, line_cells, tokenize_line


def toks(raw: str, lineno: int = 7) -> list[Tok]:
    return tokenize_line(normalise_line(raw), raw, lineno)


def kinds(ts: list[Tok]) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in ts]


def test_tab_row() -> None:
    ts = toks("一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t0\t0\t6")

    assert kinds(ts) == [("label", "一、本年新收政府信息公开申请数量")] + [
        ("num", v) for v in ["5", "1", "0", "0", "0", "0", "6"]
    ]
    assert [t.pos for t in ts] == list(range(8))
    assert {t.line for t in ts} == {7}
    assert not any(t.glued for t in ts)


def test_tab_row_with_empty_cells_gives_positioned_blanks() -> None:
    ts = toks("规章\t\t3\t")

    assert kinds(ts) == [("label", "规章"), ("blank", ""), ("num", "3"), ("blank", "")]
    assert [t.pos for t in ts] == [0, 1, 2, 3]


def test_pipe_row_with_trailing_empty_cells() -> None:
    ts = toks("| 一、本年新收政府信息公开申请数量 | 136 | 10 | 0 | 0 | 1 | 0 | 147 | ||")

    assert ts[0] == Tok("label", "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", 7, 2, 0)
    nums = [t for t in ts if t.kind == "num"]
    assert [t.text for t in nums] == ["136", "10", "0", "0", "1", "0", "147"]
    assert [t.pos for t in nums] == [1, 2, 3, 4, 5, 6, 7]  # the opening pipe is not a cell
    assert [t.kind for t in ts[8:]] == ["blank", "blank", "blank"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("\t0", [("num", "0")]), ("0 |", [("num", "0")]), ("|", [("blank", "")]), (" ", [("blank", "")])],
)
def test_one_cell_per_line(raw: str, expected: list[tuple[str, str]]) -> None:
    ts = toks(raw)

    assert kinds(ts) == expected
    assert [t.pos for t in ts] == [-1]  # a lone cell has no column position


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("| 予以公开 | 3 |  | 0 |", ["予以公开", "3", "", "0", ""]),
        ("| 予以公开   | 3   | 0   |", ["予以公开", "3", "0", ""]),
    ],
    ids=["empty-cell", "padded-cells"],
)
def test_pipe_cells_with_padding(line: str, cells: list[str]) -> None:
    assert [c.strip() for _, c in line_cells(line)] == cells


def test_pipe_cells_without_padding() -> None:
    assert [c.strip() for _, c in line_cells("| 予以公开 | 3 | | 0 |")] == ["予以公开", "3", "", "0", ""]


def test_empty_line_has_no_tokens() -> None:
    assert toks("") == []


def test_lone_cells_split_by_line_cells() -> None:
    assert line_cells("\t0") == [(1, "0")]
    assert line_cells("0 |") == [(0, "0 ")]
    assert line_cells("a\tb\tc") == [(0, "a"), (2, "b"), (4, "c")]
    assert line_cells("行政许可  13  —") == [(0, "行政许可"), (6, "13"), (10, "—")]


def test_flattened_glued_text() -> None:
    ts = toks("一、本年新收政府信息公开申请数量1000001二、上年结转")

    assert kinds(ts) == [
        ("label", "一、本年新收政府信息公开申请数量"),
        ("num", "1000001"),
        ("label", "二、上年结转"),
    ]
    assert ts[1].glued
    assert ts[1].offset == len("一、本年新收政府信息公开申请数量")


def test_item_number_glued_to_the_previous_digits() -> None:
    ts = toks("00000002.其他法律行政法规禁止公开")

    assert kinds(ts) == [("num", "0000000"), ("label", "2.其他法律行政法规禁止公开")]
    assert ts[0].glued


def test_lone_item_number_stays_in_the_label() -> None:
    ts = toks("（三）不予公开1.属于国家秘密0000000")

    assert kinds(ts) == [("label", "(三)不予公开1.属于国家秘密"), ("num", "0000000")]
    assert ts[0].raw == "（三）不予公开1.属于国家秘密"  # raw keeps the printed full-width brackets


@pytest.mark.parametrize(("raw", "value", "unit"), [("251000元", "251000", "元"), ("12.5万元", "12.5", "万元")])
def test_units_are_kept_and_not_glue(raw: str, value: str, unit: str) -> None:
    ts = toks(raw)

    assert kinds(ts) == [("num", value)]
    assert ts[0].unit == unit
    assert not ts[0].glued


def test_unit_after_a_label() -> None:
    ts = toks("本年收费金额251000元")

    assert kinds(ts) == [("label", "本年收费金额"), ("num", "251000")]
    assert ts[1].unit == "元"


@pytest.mark.parametrize("mark", ["—", "/", "无", "-", "——", "／", "－"])
def test_blank_markers(mark: str) -> None:
    ts = toks(f"规章\t{mark}\t0")

    assert [t.kind for t in ts] == ["label", "blank", "num"]
    assert ts[1].pos == 1


def test_years_dates_percentages_and_item_refs_are_text() -> None:
    ts = toks("2022年1月1日起，第3项，占比12%，共受理12件")

    assert [t.text for t in ts if t.kind == "num"] == ["12"]
    assert ts[-1].unit == "件"


def test_full_width_digits_are_read_and_raw_keeps_the_print() -> None:
    ts = toks("（２）部分公开\u3000３件")

    assert kinds(ts) == [("label", "(2)部分公开"), ("num", "3")]
    assert ts[1].raw == "３"


def test_signed_and_grouped_numbers() -> None:
    ts = toks("1,234\t+12\t-3\t181.3537")

    assert [parse_number(t.text) for t in ts] == [1234, 12, -3, 181.3537]


def test_slice_of_a_line() -> None:
    line = "一、总体情况 共受理申请6件 二、主动公开"

    ts = tokenize_line(line, line, 1, start=7, end=15)

    assert kinds(ts) == [("label", "共受理申请"), ("num", "6")]
    assert ts[1].offset == line.index("6")


def test_compact_drops_spacing_and_punctuation() -> None:
    assert compact("(二) 部分公开(区分处理的, 只计这一情形)") == "二部分公开区分处理的只计这一情形"


def test_parse_number_and_decimals() -> None:
    assert parse_number("1,234") == 1234
    assert isinstance(parse_number("7"), int)
    assert parse_number("1447.3263") == pytest.approx(1447.3263)
    assert decimals("1.123456") == 6
    assert decimals("12") == 0


@pytest.mark.parametrize("raw", ["-3-", "— 12 —", "第 3 页", "第3页 共9页", "Page 4"])
def test_page_numbers_are_not_cells(raw: str) -> None:
    assert toks(raw) == []


def test_a_lone_number_is_still_a_cell() -> None:
    assert kinds(toks("3")) == [("num", "3")]


def test_commas_that_are_not_thousands_separators_split_values() -> None:
    ts = toks("数量5，1，0")

    assert [t.text for t in ts if t.kind == "num"] == ["5", "1", "0"]


def test_a_repeated_row_line_keeps_its_own_line_offsets_and_printed_digits() -> None:
    # Row lines are cut once per distinct text: each occurrence must still get its own line
    # number, its offsets within the slice it was given, and its own printed (raw) digits.
    line = normalise_line("（一）予以公开\t5\t1\t0\t0\t0\t0\t6")
    first = tokenize_line(line, line, 3)
    again = tokenize_line("xx" + line, "xx" + line, 9, start=2)
    full_width = "（一）予以公开\t５\t1\t0\t0\t0\t0\t６"
    printed = tokenize_line(normalise_line(full_width), full_width, 4)

    assert [t.line for t in first] == [3] * 8
    assert [t.line for t in again] == [9] * 8
    assert [t.offset + 2 for t in first] == [t.offset for t in again]
    assert [t.text for t in printed] == [t.text for t in first]
    assert [t.raw for t in printed][1::6] == ["５", "６"]
    assert first[1] is not again[1]
