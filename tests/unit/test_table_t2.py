"""pipeline.table_t2.read_t2: the 第二十条 blocks of both post-2019 eras."""

import pytest

from pipeline import spec
from pipeline.model import Cell
from pipeline.table_t2 import read_t2
from pipeline.table_t3 import TableRead
from tests.unit.fixtures import line_of, render_t2, tokens

GOV2021 = {
    ("regulations", "issued"): 0,
    ("regulations", "repealed"): 0,
    ("regulations", "in_force"): 0,
    ("normative_docs", "issued"): 1,
    ("normative_docs", "repealed"): 0,
    ("normative_docs", "in_force"): 5,
    ("licensing", "decisions"): 13,
    ("penalty", "decisions"): 5,
    ("coercion", "decisions"): 2,
    ("admin_fees", "amount_wan_yuan"): 1.5,
}
GOV2019 = """第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t3\t3\t40
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t100\t+12\t500
其他对外管理服务事项\t5\t-3\t60
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t50\t0\t80
行政强制\t5\t0\t2
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t10\t-1
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t12\t345.6万元"""


def read(text: str, era: str = "gov2021") -> TableRead:
    return read_t2(tokens(text), era)


def by_key(cells: list[Cell]) -> dict[tuple[str, str], Cell]:
    return {(c.row, c.col): c for c in cells}


def layouts() -> dict[str, str]:
    tab = render_t2()
    return {
        "tab": tab,
        "pipe": "\n".join("| " + ln.replace("\t", " | ") + " |" for ln in tab.split("\n")),
        "one": tab.replace("\t", "\n"),
    }


@pytest.mark.parametrize("layout", ["tab", "pipe", "one"])
def test_every_gov2021_cell(layout: str) -> None:
    result = read(layouts()[layout])

    assert result.missing == []
    assert {k: c.value for k, c in by_key(result.cells).items()} == GOV2021
    assert {("t2", r, c) for r, c in GOV2021} == set(spec.t2_keys("gov2021"))


def test_line_numbers_and_raw() -> None:
    text = render_t2()

    cells = by_key(read(text).cells)

    assert cells[("normative_docs", "in_force")].line == line_of(text, "行政规范性文件")
    assert cells[("normative_docs", "in_force")].raw == "5"
    assert cells[("coercion", "decisions")].line == line_of(text, "行政强制")


def test_flattened_rows_read_where_unique() -> None:
    text = render_t2().replace("\n", "").replace("\t", "")

    result = read(text)

    cells = by_key(result.cells)
    assert cells[("licensing", "decisions")].value == 13
    assert cells[("regulations", "issued")].value == 0  # "000": one reading
    assert {c.line for c in result.cells} == {1}
    # "105": 1|0|5 is the only split into 3 counts without leading zeros
    assert cells[("normative_docs", "in_force")].value == 5


def test_fee_unit_defaults_to_the_header_unit() -> None:
    wan = by_key(read(render_t2()).cells)[("admin_fees", "amount_wan_yuan")]
    yuan = by_key(read(render_t2(fee_header="本年收费金额（单位：元）")).cells)[("admin_fees", "amount_wan_yuan")]

    assert (wan.unit, wan.value) == ("万元", 1.5)
    assert (yuan.unit, yuan.value) == ("元", 1.5)


def test_unit_printed_with_the_value_wins() -> None:
    cell = by_key(read(render_t2({"admin_fees": ["251000元"]})).cells)[("admin_fees", "amount_wan_yuan")]

    assert (cell.value, cell.unit, cell.raw) == (251000, "元", "251000")


def test_blank_cell_in_a_multi_cell_row_is_none() -> None:
    cells = by_key(read(render_t2({"normative_docs": [1, "—", 5]})).cells)

    assert cells[("normative_docs", "repealed")].value is None
    assert cells[("normative_docs", "in_force")].value == 5


def test_missing_row_is_reported() -> None:
    text = "\n".join(ln for ln in render_t2().split("\n") if not ln.startswith("行政强制"))

    result = read(text)

    assert [(m.row, m.col, m.reason) for m in result.missing] == [("coercion", "decisions", "row label not found")]


def test_row_with_too_many_values_is_missing_at_its_label() -> None:
    text = render_t2({"regulations": [0, 0, 0, 7]})

    result = read(text)

    assert {(m.row, m.reason, m.line) for m in result.missing} == {
        ("regulations", "4 values where the row has 3 cells", line_of(text, "规章"))
    }


def test_no_table() -> None:
    result = read_t2(None, "gov2021")

    assert not result.found
    assert len(result.missing) == 10
    assert {m.reason for m in result.missing} == {"table not found"}


def test_gov2019_blocks_with_signed_changes_and_procurement() -> None:
    result = read(GOV2019, "gov2019")

    assert result.missing == []
    cells = by_key(result.cells)
    assert {("t2", r, c) for r, c in cells} == set(spec.t2_keys("gov2019"))
    assert cells[("normative_docs", "total_public")].value == 40
    assert cells[("licensing", "change")].value == 12
    assert cells[("other_services", "change")].value == -3
    assert cells[("admin_fees", "change")].value == -1
    procurement = cells[("procurement", "amount")]
    assert (procurement.value, procurement.unit) == (345.6, "万元")


def test_all_blank_t2_rows_are_blank_cells() -> None:
    result = read(render_t2({"regulations": ["—", "—", "—"], "coercion": ["—"]}))

    assert result.missing == []
    cells = by_key(result.cells)
    assert cells[("regulations", "issued")].value is None
    assert cells[("coercion", "decisions")].value is None


@pytest.mark.parametrize("cell", ["\t{}", "{} |", "{}"])
def test_a_number_split_by_a_space_on_its_own_cell_line_is_one_value(cell: str) -> None:
    # One cell per line: "2 816" and "4 1" on lines of their own are 2816 and 41.
    lines = ["第二十条第（一）项", "行政规范性文件", *(cell.format(v) for v in ("0", "0", "4 1"))]
    lines += ["第二十条第（五）项", "行政许可", cell.format("2 816")]
    result = read_t2(tokens("\n".join(lines)), "gov2021")

    got = {(c.row, c.col): c.value for c in result.cells}
    assert got[("normative_docs", "in_force")] == 41
    assert got[("licensing", "decisions")] == 2816


def test_two_numbers_on_a_row_label_line_are_not_joined() -> None:
    result = read_t2(tokens("第二十条第（五）项\n行政许可 2 816"), "gov2021")

    assert ("licensing", "decisions") not in {(c.row, c.col) for c in result.cells}
    assert any(m.row == "licensing" for m in result.missing)
