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
