"""pipeline.table_t4.read_t4: one row of 15 cells under a three-level header."""

import pytest

from pipeline import spec
from pipeline.table_t3 import TableRead
from pipeline.table_t4 import read_t4
from tests.unit.fixtures import render_t4, tokens

VALUES = [11, 3, 0, 0, 14, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0]
HEADER = "四、行政复议情况 行政复议 结果维持 结果纠正 其他结果 尚未审结 总计"


def read(text: str) -> TableRead:
    return read_t4(tokens(text))


def values(result: TableRead) -> list[int | float | None]:
    return [c.value for c in result.cells]


def layouts() -> dict[str, str]:
    return {
        "tab": render_t4(VALUES),
        "pipe": "| 行政复议 | | 行政诉讼 |\n| " + " | ".join(map(str, VALUES)) + " |",
        "one": "行政复议\n结果维持\n总计\n" + "\n".join(f"\t{v}" for v in VALUES),
        "flat": HEADER + "".join(map(str, [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])) + "五、",
    }


@pytest.mark.parametrize("layout", ["tab", "pipe", "one"])
def test_every_cell(layout: str) -> None:
    result = read(layouts()[layout])

    assert result.missing == []
    assert result.found
    assert values(result) == VALUES
    assert [c.col for c in result.cells] == spec.t4_cols()
    assert {(c.table, c.row) for c in result.cells} == {("t4", "cases")}


def test_flattened_row() -> None:
    result = read(layouts()["flat"])

    assert result.missing == []
    assert values(result) == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]


def test_line_numbers() -> None:
    tab = read(layouts()["tab"])
    one = read(layouts()["one"])

    assert {c.line for c in tab.cells} == {3}
    assert [c.line for c in one.cells] == list(range(4, 19))
    assert one.cells[4].raw == "14"


@pytest.mark.parametrize("blank", ["", "—", "/"])
def test_blank_cell_is_none(blank: str) -> None:
    vals: list[int | None] = list(VALUES)
    vals[4] = None

    result = read(render_t4(vals, blank=blank))

    assert result.missing == []
    assert values(result)[4] is None
    assert result.cells[4].raw == ""
    assert result.cells[4].line == 3


def test_ambiguous_glued_row_keeps_only_the_agreed_cells() -> None:
    # "113" is 11|3 or 1|13 and both give review total 14: those two cells are unsure.
    result = read(HEADER + "".join(map(str, VALUES)) + "五、")

    assert {m.col for m in result.missing} == {"review.upheld", "review.corrected"}
    assert all("more than one way" in m.reason for m in result.missing)
    assert {c.col: c.value for c in result.cells}["review.total"] == 14
    assert len(result.cells) == 13


def test_two_fitting_runs_are_not_guessed_between() -> None:
    text = render_t4(VALUES) + "\n说明\n" + "\t".join(["0"] * 15)

    result = read(text)

    assert result.cells == []
    assert {m.reason for m in result.missing} == {"more than one run of values fits the table"}
    assert len(result.missing) == 15


def test_too_few_values() -> None:
    result = read(render_t4(VALUES[:14]))

    assert result.cells == []
    assert {m.reason for m in result.missing} == {"14 values where the row has 15 cells"}


@pytest.mark.parametrize("text", [None, "本年度没有因政府信息公开引起的行政复议和行政诉讼。"])
def test_no_table(text: str | None) -> None:
    result = read_t4(tokens(text) if text else None)

    assert not result.found
    assert result.cells == []
    assert [m.col for m in result.missing] == spec.t4_cols()
    assert {m.reason for m in result.missing} == {"table not found"}


def test_glued_row_with_one_misprinted_total_is_read_so_the_misprint_shows() -> None:
    # Printed "2532123002421025": suits direct print 3+0+0+2 against a total of 4. No reading
    # balances all three groups; only 2|5|3|2|12 ... leaves a single group off.
    result = read(HEADER + "2532123002421025" + "五、")

    assert result.missing == []
    assert values(result) == [2, 5, 3, 2, 12, 3, 0, 0, 2, 4, 2, 1, 0, 2, 5]


def test_glued_row_with_a_misprint_keeps_the_cells_every_explained_reading_agrees_on() -> None:
    # Review prints 0+0+5+4 against 8; the suits after review, 11|0|1|1, 1|10|1|1 or 1|1|0|11,
    # balance every way: those cells stay unread, the rest (with the misprint) are read.
    result = read(HEADER + "00548211151101113" + "五、")

    read_cols = {c.col: c.value for c in result.cells}
    assert [read_cols[c] for c in spec.t4_cols()[:10]] == [0, 0, 5, 4, 8, 2, 1, 1, 1, 5]
    assert read_cols["suit_after_review.total"] == 13
    parts = ("upheld", "corrected", "other", "pending")
    assert {m.col for m in result.missing} == {f"suit_after_review.{p}" for p in parts}


def test_glued_row_that_two_misprints_would_explain_is_not_read() -> None:
    # As above with suits after review printing 2+1+0+2 against 3: every reading leaves two groups off.
    result = read(HEADER + "2532123002421023" + "五、")

    assert result.cells == []
    assert len(result.missing) == 15
