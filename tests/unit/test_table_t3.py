"""pipeline.table_t3.read_t3 on small synthetic tables in every layout."""

import pytest

from pipeline import spec
from pipeline.model import Cell
from pipeline.table_t3 import TableRead, read_t3
from tests.unit.fixtures import T3_LABELS, line_of, render_t3, t3_values, tokens

LAYOUTS = ["tab", "pipe", "one", "flat"]
COLS = spec.t3_cols()


def read(text: str, era: str = "gov2021") -> TableRead:
    return read_t3(tokens(text), era)


def grid(cells: list[Cell]) -> dict[str, list[int | float | None]]:
    out: dict[str, list[int | float | None]] = {}
    for c in cells:
        out.setdefault(c.row, []).append(c.value)
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_cell_of_a_gov2021_table(layout: str) -> None:
    values = t3_values(denied__third_party=[1, 0, 0, 0, 0, 0, 1], other__other=[0, 0, 2, 0, 0, 0, 2])

    result = read(render_t3(values, layout))

    assert result.missing == []
    assert result.found
    assert not result.single_other
    assert len(result.cells) == 25 * 7
    assert grid(result.cells) == values
    assert [c.col for c in result.cells[:7]] == COLS
    assert {c.table for c in result.cells} == {"t3"}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_gov2019_single_other_row(layout: str) -> None:
    values = t3_values("gov2019", other=[1, 0, 0, 0, 0, 0, 1])

    result = read(render_t3(values, layout), "gov2019")

    assert result.missing == []
    assert result.single_other
    assert len({c.row for c in result.cells}) == 23
    assert grid(result.cells)["other"] == [1, 0, 0, 0, 0, 0, 1]
    assert not any(c.row.startswith("other.") for c in result.cells)


def test_gov2021_report_printing_the_2019_single_other_row() -> None:
    values = t3_values("gov2021", single_other=True, other=[0, 1, 0, 0, 0, 0, 1])

    result = read(render_t3(values, "tab"), "gov2021")

    assert result.single_other
    assert result.missing == []
    assert len({c.row for c in result.cells}) == 23
    assert grid(result.cells)["other"] == [0, 1, 0, 0, 0, 0, 1]


def test_line_numbers_tab() -> None:
    text = render_t3(t3_values(), "tab")

    result = read(text)

    by_key = {(c.row, c.col): c for c in result.cells}
    granted = by_key[("granted", "total")]
    assert granted.line == line_of(text, "予以公开")
    assert granted.raw == "4"
    assert by_key[("carried_out", "natural_person")].line == line_of(text, "结转下年度")


def test_line_numbers_one_cell_per_line() -> None:
    text = render_t3(t3_values(), "one")
    label_line = line_of(text, "一、本年新收")

    result = read(text)

    new = [c for c in result.cells if c.row == "new_received"]
    assert [c.line for c in new] == list(range(label_line + 1, label_line + 8))
    assert [c.raw for c in new] == ["5", "1", "0", "0", "0", "0", "6"]


def test_flattened_cells_keep_the_split_digits_as_raw() -> None:
    result = read(render_t3(t3_values(), "flat"))

    new = [c for c in result.cells if c.row == "new_received"]
    assert [c.raw for c in new] == ["5", "1", "0", "0", "0", "0", "6"]
    assert {c.line for c in result.cells} == {1}


def test_flattened_two_digit_values_resolved_by_the_row_total() -> None:
    values = t3_values(new_received=[10, 0, 0, 0, 0, 0, 10])

    result = read(render_t3(values, "flat"))

    assert grid(result.cells)["new_received"] == [10, 0, 0, 0, 0, 0, 10]


@pytest.mark.parametrize(("layout", "blank"), [("tab", ""), ("tab", "—"), ("one", ""), ("one", "/"), ("pipe", "—")])
def test_blank_cells_are_none(layout: str, blank: str) -> None:
    values = t3_values(granted=[3, None, 0, 0, 0, 0, 3])

    result = read(render_t3(values, layout, blank=blank))

    assert result.missing == []
    cell = next(c for c in result.cells if (c.row, c.col) == ("granted", "commercial"))
    assert cell.value is None
    assert cell.raw == ""
    assert cell.line is not None


def test_all_blank_row_under_a_header_is_none() -> None:
    values = t3_values(carried_in=[None] * 7)

    result = read(render_t3(values, "tab", blank="—"))

    assert grid(result.cells)["carried_in"] == [None] * 7
    assert result.missing == []


def test_missing_row_is_reported_with_a_reason() -> None:
    values = t3_values()
    del values["denied.query_matter"]

    result = read(render_t3(values, "tab"))

    assert {(m.row, m.reason) for m in result.missing} == {("denied.query_matter", "row label not found")}
    assert [m.col for m in result.missing] == COLS
    assert len(result.cells) == 24 * 7


def test_row_with_too_few_values_is_missing_not_guessed() -> None:
    values = t3_values(granted=[3, 1, 0, 0, 0, 0])

    result = read(render_t3(values, "one"))

    assert {m.row for m in result.missing} == {"granted"}
    assert {m.reason for m in result.missing} == {"6 values where the row has 7 cells"}
    assert "granted" not in grid(result.cells)


def test_no_table_at_all() -> None:
    for toks in (None, tokens("本年度未收到政府信息公开申请。")):
        result = read_t3(toks, "gov2021")

        assert not result.found
        assert result.cells == []
        assert len(result.missing) == 175
        assert {m.reason for m in result.missing} == {"table not found"}


def test_labels_before_the_first_row_are_not_rows() -> None:
    # The column header 其他 / 总计 must not be read as 3.其他 or （七）总计.
    text = "其他\t总计\t99\n" + render_t3(t3_values(), "tab")

    result = read(text)

    assert result.missing == []
    assert grid(result.cells)["total_handled"] == [5, 1, 0, 0, 0, 0, 6]


def test_wrapped_label_before_its_values() -> None:
    text = render_t3(t3_values(), "one").replace(
        "\t" + T3_LABELS["partially_granted"], "\t（二）部分公开\n\t（区分处理的，只计这一情形，不计其他情形）"
    )

    result = read(text)

    assert result.missing == []
    assert grid(result.cells)["partially_granted"] == [1, 0, 0, 0, 0, 0, 1]


def test_unreadable_row_is_missing_at_its_label_line() -> None:
    text = render_t3(t3_values(granted=[3, 1, 0, 0, 0, 0]), "one")

    result = read(text)

    assert {m.line for m in result.missing} == {line_of(text, "予以公开")}


def test_pipe_row_with_an_empty_cell() -> None:
    values = t3_values(granted=[3, None, 0, 0, 0, 0, 3])
    text = render_t3(values, "pipe")
    assert "| 3 |  | 0 |" in text

    result = read(text)

    assert result.missing == []
    assert grid(result.cells)["granted"] == [3, None, 0, 0, 0, 0, 3]


def test_flattened_large_values_are_never_read_wrong() -> None:
    values = t3_values(new_received=[1523, 112, 31, 45, 110, 211, 2032])

    result = read(render_t3(values, "flat"))

    read_values = {c.col: c.value for c in result.cells if c.row == "new_received"}
    assert read_values.get("natural_person") in (None, 1523)


def test_row_cut_short_mid_line_is_not_placed_from_the_line_end() -> None:
    # A page truncated inside a row ("1\t1\t0\t0\t<p align="): its last cells are lost, so counting
    # columns back from the line's end would shift the surviving values into the wrong columns.
    text = render_t3(t3_values(partially_granted=[1, 1, 0, 0, 0, 0, 2]), "tab")
    lines = text.split("\n")
    at = next(i for i, x in enumerate(lines) if T3_LABELS["partially_granted"] in x)
    # HTML tables print spanned label cells as empty cells around the label.
    cut = ["", T3_LABELS["partially_granted"], "", "1", "1", "0", "0", '<p align="cente']
    text = "\n".join([*lines[:at], "\t".join(cut)])

    result = read(text)

    assert "partially_granted" not in grid(result.cells)
    assert grid(result.cells)["granted"] == t3_values()["granted"]


def test_values_are_never_placed_in_the_label_column() -> None:
    # The page ends inside the second row: six cells where the header promises seven after the
    # label. Counting back from 总计 would put the first value under the label's own column.
    text = (
        "\t自然人\t法人或其他组织\t总计\n"
        + f"{T3_LABELS['new_received']}\t1\t0\t0\t0\t0\t0\t1\n"
        + f"{T3_LABELS['carried_in']}\t2\t0\t0\t0\t0\t"
    )

    result = read(text)

    assert grid(result.cells)["new_received"] == [1, 0, 0, 0, 0, 0, 1]
    assert "carried_in" not in grid(result.cells)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_misprinted_label_is_named_by_its_place_between_two_rows(layout: str) -> None:
    values = t3_values(denied__internal_affairs=[2, 0, 0, 0, 0, 0, 2])
    text = render_t3(values, layout).replace("三类内部事务", "三类内容事务")

    result = read(text)

    assert result.missing == []
    assert grid(result.cells)["denied.internal_affairs"] == [2, 0, 0, 0, 0, 0, 2]


def test_an_unrecognised_label_is_not_named_when_its_gap_is_ambiguous() -> None:
    values = t3_values()
    text = render_t3(values, "tab")
    # Two unrecognised labels with values where one row is missing: neither can be told to be it.
    text = text.replace("三类内部事务", "三类内容事务").replace("四类过程性", "四类过程")

    result = read(text)

    assert {m.row for m in result.missing} == {"denied.internal_affairs", "denied.process_info"}
    assert {m.reason for m in result.missing} == {"row label not found"}
    # A note between two adjacent rows names no row either.
    noted = read(render_t3(values, "tab").replace("\n（四）无法提供", "\n注：另有 3 件\t3\n（四）无法提供"))
    assert noted.missing == []
    assert grid(noted.cells) == values


def test_flattened_row_that_misprints_its_total_is_read_by_the_columns() -> None:
    # total_handled prints 16 where its parts add to 17: no reading of "161000016" adds up,
    # but the columns fix it as 16|1|0|0|0|0|16, and the misprinted total then shows.
    values = t3_values(
        new_received=[17, 1, 0, 0, 0, 0, 18],
        carried_in=[0] * 7,
        granted=[15, 1, 0, 0, 0, 0, 16],
        partially_granted=[0] * 7,
        unavailable__not_held=[1, 0, 0, 0, 0, 0, 1],
        total_handled=[16, 1, 0, 0, 0, 0, 16],
        carried_out=[1, 0, 0, 0, 0, 0, 1],
    )

    result = read(render_t3(values, "flat"))

    assert result.missing == []
    assert grid(result.cells)["total_handled"] == [16, 1, 0, 0, 0, 0, 16]
    assert grid(result.cells)["new_received"] == [17, 1, 0, 0, 0, 0, 18]


def cell_pipe(values: dict[str, list[int | float | str | None]]) -> str:
    """One cell per line ("x |"), each row closed by "| |" and a "||" line, blanks as "-"."""
    lines = [
        "申请人情况 |",
        *(f"{h} |" for h in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")),
    ]
    for row, vals in values.items():
        lines.append(f"{T3_LABELS[row]} |")
        cells = ["-" if v is None else str(v) for v in vals]
        lines.extend(f"{c} |" for c in cells[:-1])
        lines.extend([f"{cells[-1]} | |", "||"])
    return "\n".join(lines)


def test_a_blank_cell_one_cell_per_line_is_placed_where_the_clean_rows_put_their_cells() -> None:
    # "-", then six zeros, then the row's closing "||": the blank could open or close the row,
    # but every complete row starts right after its label.
    values = t3_values(not_processed__excessive=[None, 0, 0, 0, 0, 0, 0])

    result = read(cell_pipe(values))

    assert result.missing == []
    assert grid(result.cells)["not_processed.excessive"] == [None, 0, 0, 0, 0, 0, 0]


def test_a_blank_cell_on_a_pipe_line_is_placed_by_the_clean_rows_offset_from_their_label() -> None:
    # No header says where the columns are, and rows that print their group label first start
    # their values a column later; but every complete row has its values right after its label.
    values = {r: [0] * 7 for r in t3_values()}  # all zero: the columns can't tell the readings apart
    lines = [f"| {T3_LABELS[r]} | " + " | ".join(map(str, v)) + " | |" for r, v in values.items()]
    lines[2] = "| 三、本年度办理结果 " + lines[2]
    lines[0] = f"| {T3_LABELS['new_received']} |  | " + " | ".join(["0"] * 6) + " | |"

    result = read("\n".join(lines))

    assert result.missing == []
    assert grid(result.cells)["new_received"] == [None, 0, 0, 0, 0, 0, 0]


def test_a_blank_cell_is_not_placed_when_the_clean_rows_disagree_on_where_values_start() -> None:
    # "\t\t0 … 0\t": the blank opens or closes the row. Clean rows put their values one or two
    # columns after the label, so nothing says which.
    values = {r: [0] * 7 for r in t3_values()}  # all zero: the columns can't tell the readings apart
    lines = [f"{T3_LABELS[r]}" + "\t" * (1 + i % 2) + "\t".join(map(str, v)) for i, (r, v) in enumerate(values.items())]
    lines[0] = T3_LABELS["new_received"] + "\t\t" + "\t".join(["0"] * 6) + "\t"

    result = read("\n".join(lines))

    assert {m.row for m in result.missing} == {"new_received"}
    # With every clean row one column after its label, the blank opens the row.
    lines = [f"{T3_LABELS[r]}\t" + "\t".join(map(str, v)) for r, v in values.items()]
    lines[0] = T3_LABELS["new_received"] + "\t\t" + "\t".join(["0"] * 6) + "\t"
    assert grid(read("\n".join(lines)).cells)["new_received"] == [None, 0, 0, 0, 0, 0, 0]
