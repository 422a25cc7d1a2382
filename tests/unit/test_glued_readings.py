"""Glued and split-number rows: every reading of the print is weighed, none is guessed.

Each fixture is the shape of a row that was once read confidently wrong.
"""

from dataclasses import replace

import pytest

from pipeline.decode import normalise_line
from pipeline.fit import fit_row
from pipeline.legacy import read_legacy
from pipeline.table_t2 import read_t2
from pipeline.table_t3 import _row_total
from pipeline.tokens import Tok
from tests.unit.fixtures import tokens


def values_of(text: str) -> list[Tok]:
    """The value and blank tokens of `text`, as the table readers pass them."""
    return [t for t in tokens(text) if t.kind != "label"]


def test_a_space_inside_a_glued_number_is_one_reading_among_others() -> None:
    # 17200001 9: the space may be a cell boundary or sit inside 19; only 17|2|0|0|0|0|19 adds up.
    fit = fit_row(values_of("（一）予以公开17200001 9（二）"), 7, _row_total)

    assert fit.values == [17, 2, 0, 0, 0, 0, 19]
    assert fit.unsure == ()


def test_a_row_no_reading_adds_up_gives_no_cell_at_all() -> None:
    # Every reading has total 9 and none sums to it: the cells they agree on are not trusted either.
    fit = fit_row(values_of("（一）予以公开17200001、、9（二）"), 7, _row_total)

    assert fit.values is None
    assert fit.unsure == ()
    assert "no reading satisfies the row's total" in fit.reason


def test_agreeing_readings_that_miss_the_joined_reading_are_not_trusted() -> None:
    # 331 2: 3|31|2 and 33|1|2 agree on 2, but 3|3|12 (a split 12) reads the print too.
    fit = fit_row(values_of("规章331 2规范性文件"), 3)

    assert fit.values is None or 2 in fit.unsure


def test_k_glued_numbers_are_not_taken_as_the_cells_when_a_space_may_split_one() -> None:
    # 8 30 is 8|30 or 83|0: two glued numbers for two cells prove nothing.
    fit = fit_row(values_of("行政事业性收费8 30第二十条"), 2)

    assert fit.values is None
    assert fit.unsure == (0, 1)


def test_a_minus_sign_opens_a_new_number() -> None:
    # 9-10: the minus belongs to the change, the digits before it to the previous cell.
    fit = fit_row(values_of("行政处罚9-10行政强制"), 3)

    assert fit.values == [9, -1, 0]
    assert [t.raw for t in fit.toks if t] == ["9", "-1", "0"]


def test_a_signed_run_after_a_split_number_is_left_unread() -> None:
    # 1 8-328 is 1|8|-328, 18|-3|28 or 18|-32|8: nothing says which.
    fit = fit_row(values_of("行政强制1 8-328第二十条"), 3)

    assert fit.values is None


def test_gov2019_t2_signed_change_glued_in_a_flattened_table() -> None:
    text = "第二十条第（六）项信息内容上一年项目数量本年增/减本年处理决定数量行政处罚9-10行政强制1 8-328第二十条"

    result = read_t2(tokens(text), "gov2019")
    got = {(c.row, c.col): c.value for c in result.cells}

    assert got[("penalty", "prev_items")] == 9
    assert got[("penalty", "change")] == -1
    assert not any(row == "coercion" for row, _ in got)


@pytest.mark.parametrize(
    ("printed", "value"),
    [("4.594.59", 4.59), ("0.060.06", 0.06), ("0.390.39", 0.39), ("12.3412.34", 12.34)],
)
def test_two_glued_decimals_split_where_both_keep_one_format(printed: str, value: float) -> None:
    fit = fit_row([t for t in values_of(f"费用万元{printed}（一）")], 2)

    assert fit.values == [value, value]


def test_a_decimal_glued_to_a_whole_number_is_not_split() -> None:
    # 4.5945: 4.59|45, 4.594|5 or 4.5|945; no one format says which.
    assert fit_row(values_of("费用万元4.5945（一）"), 2).values is None


def test_flattened_legacy_fee_row_with_glued_decimals() -> None:
    raw = ["指标名称计量单位2018年度历年累计七、依申请公开信息收取的费用万元4.594.59（一）专门机构数个049"]
    cells, _ = read_legacy([normalise_line(x) for x in raw], raw)
    got = {(c.row, c.col): c.value for c in cells if c.origin == "table"}

    assert got[("七、依申请公开信息收取的费用", "value")] == pytest.approx(4.59)
    assert got[("七、依申请公开信息收取的费用", "cumulative")] == pytest.approx(4.59)


def test_a_number_split_inside_one_tab_cell_is_one_cell() -> None:
    # "1 1" sits in one cell: 5 1 2 1 2 / 11, not seven cells with total 1.
    fit = fit_row(values_of("（一）予以公开\t5\t1\t2\t1\t2\t/\t1 1"), 7, _row_total)

    assert fit.values == [5, 1, 2, 1, 2, None, 11]
    assert fit.toks[6] is not None
    assert fit.toks[6].raw == "1 1"


def test_k_tab_numbers_with_one_split_in_a_cell_are_not_the_cells() -> None:
    # Three numbers for three cells, but "1 3" is one cell: the row is 1 | / | 13.
    fit = fit_row(values_of("行政许可\t1\t/\t1 3"), 3)

    assert fit.values == [1, None, 13]


def test_a_blank_mark_on_its_own_line_is_one_of_a_one_cell_per_line_rows_cells() -> None:
    # 5 2 on the first line is 52: with 「/」 counted as the fourth cell's line, the row has seven
    # lines for seven cells. Seven numbers without it read 5|2|0|0|0|0|52.
    text = "（一）予以公开 |\n5 2 |\n0 |\n0 |\n/ |\n0 |\n0 |\n52 | |\n|||"
    fit = fit_row(values_of(text), 7, _row_total, label_line=1)

    assert fit.values == [52, 0, 0, None, 0, 0, 52]


def test_the_same_glued_run_in_two_rows_gives_each_row_its_own_tokens() -> None:
    # The cuts of a glued run are enumerated once per distinct run: the second row's cells must
    # still point at its own line, not at the first row's.
    first = fit_row(values_of("（一）予以公开1000001（二）"), 7, _row_total)
    second = fit_row([replace(t, line=t.line + 5) for t in values_of("（一）予以公开1000001（二）")], 7, _row_total)

    assert first.values == second.values == [1, 0, 0, 0, 0, 0, 1]
    assert {t.line for t in first.toks if t} != {t.line for t in second.toks if t}
    assert [t.raw for t in second.toks if t] == ["1", "0", "0", "0", "0", "0", "1"]
