"""pipeline.fit.fit_row: the unique reading of a row's tokens as k cells, or none at all."""

from pipeline.fit import fit_row
from pipeline.table_t3 import _row_total
from pipeline.tokens import Tok
from tests.unit.fixtures import tokens


def values_of(text: str) -> list[Tok]:
    """The value and blank tokens of `text` (labels dropped, as the table readers pass them)."""
    return [t for t in tokens(text) if t.kind != "label"]


def total_holds(values: list[int | float | None]) -> bool | None:
    """The row identity of a 3-cell test row: last = sum of the others."""
    if any(v is None for v in values):
        return None
    return values[-1] == sum(v or 0 for v in values[:-1])


def test_exactly_k_numbers_are_the_cells() -> None:
    fit = fit_row(values_of("\t5\n\t1\n\t6"), 3)

    assert fit.values == [5, 1, 6]
    assert [t.line for t in fit.toks if t] == [1, 2, 3]
    assert fit.reason == ""
    assert fit.unsure == ()


def test_stray_blanks_are_ignored_when_k_numbers_are_there() -> None:
    fit = fit_row(values_of("5\n—\n1\n6\n "), 3)

    assert fit.values == [5, 1, 6]
    assert [t.line for t in fit.toks if t] == [1, 3, 4]


def test_positional_reading_under_a_header_column() -> None:
    # label in column 0, values from column 1: the empty column 2 is a blank cell
    fit = fit_row(tokens("规章\t5\t\t6")[1:], 3, col_start=1)

    assert fit.values == [5, None, 6]
    assert fit.toks[1] is None
    assert fit.toks[2] is not None
    assert fit.toks[2].pos == 3


def test_positional_reading_of_an_all_blank_row() -> None:
    fit = fit_row(tokens("规章\t—\t/\t")[1:], 3, col_start=1)

    assert fit.values == [None, None, None]


def test_positional_reading_ignores_blanks_opening_the_next_line() -> None:
    fit = fit_row(tokens("规章\t5\t\t6\n\t")[1:], 3, col_start=1)

    assert fit.values == [5, None, 6]


def test_unique_blank_window() -> None:
    fit = fit_row(values_of("—\n5\n1"), 3)

    assert fit.values == [None, 5, 1]
    assert fit.toks[0] is None


def test_ambiguous_blanks_give_no_values_and_a_reason() -> None:
    # two cells, one number between two blanks: [—, 5] or [5, —]
    fit = fit_row(values_of("—\n5\n—"), 2)

    assert fit.values is None
    assert "blank cells can be placed in more than one way" in fit.reason


def test_ambiguous_blanks_keep_only_the_cells_every_reading_agrees_on() -> None:
    # [—, —, 5] or [—, 5, —]: the first cell is blank either way; the other two are unsure
    fit = fit_row(values_of("—\n—\n5\n—"), 3)

    assert fit.values is not None
    assert fit.values[0] is None
    assert fit.unsure == (1, 2)
    assert "(2 readings)" in fit.reason


def test_glued_digits_split_uniquely() -> None:
    fit = fit_row(values_of("数量1000001二、"), 7)

    assert fit.values == [1, 0, 0, 0, 0, 0, 1]
    assert fit.unsure == ()
    assert [t.raw for t in fit.toks if t] == ["1", "0", "0", "0", "0", "0", "1"]  # evidence: the split digits


def test_glued_run_split_across_two_runs() -> None:
    fit = fit_row(values_of("数量100二、其他0001三"), 7)

    assert fit.values == [1, 0, 0, 0, 0, 0, 1]
    assert [t.offset for t in fit.toks if t] == [2] * 3 + [9] * 4  # each piece keeps its run's position


def test_ambiguous_split_resolved_by_the_row_total() -> None:
    # 2810 into 3 cells: 2|8|10, 2|81|0, 28|1|0; only 2 + 8 = 10 holds
    assert fit_row(values_of("数量2810二、"), 3).values is None
    fit = fit_row(values_of("数量2810二、"), 3, total_holds)

    assert fit.values == [2, 8, 10]
    assert fit.unsure == ()


def test_ambiguous_split_of_a_t3_row_resolved_by_its_total() -> None:
    # 100000010: 10|0|0|0|0|0|10 or 100|0|0|0|0|1|0; only the first has total = sum
    fit = fit_row(values_of("数量100000010二、"), 7, _row_total)

    assert fit.values == [10, 0, 0, 0, 0, 0, 10]


def test_ambiguous_unresolved_split_is_never_guessed() -> None:
    # 1012 into 3: 1|0|12 or 10|1|2, and neither has 12 = 1 + 0 or 2 = 10 + 1
    fit = fit_row(values_of("数量1012二、"), 3, total_holds)

    assert fit.values is None
    assert "glued digits can be split in more than one way" in fit.reason
    assert set(fit.refuted) == {(1, 0, 12), (10, 1, 2)}  # kept for identities beyond the row


def test_a_refuted_row_is_read_when_one_reading_alone_is_explained_by_a_single_misprint() -> None:
    def near(values: list[int | float | None]) -> bool:
        return values[0] == 10  # stands in for "only one of the row's sums is off"

    fit = fit_row(values_of("数量1012二、"), 3, total_holds, near=near)

    assert fit.values == [10, 1, 2]
    assert fit.unsure == ()
    # Every reading explained alike: only the cells they agree on would be read (here none).
    both = fit_row(values_of("数量1012二、"), 3, total_holds, near=lambda v: True)
    assert both.values is None
    assert both.unsure == (0, 1, 2)


def test_no_split_with_leading_zero_numbers() -> None:
    # 0010 into 3 cells: "0|0|10" only ("00|1|0" and "0|01|0" are not printed counts)
    fit = fit_row(values_of("数量0010二、"), 3)

    assert fit.values == [0, 0, 10]


def test_separate_numbers_are_not_split() -> None:
    fit = fit_row(values_of("5\t1"), 3)

    assert fit.values is None
    assert fit.reason == "2 values where the row has 3 cells"


def test_more_numbers_than_cells() -> None:
    fit = fit_row(values_of("5\t1\t6\t7"), 3)

    assert fit.values is None
    assert fit.toks == []
    assert fit.reason == "4 values where the row has 3 cells"


def test_nothing_after_the_label() -> None:
    fit = fit_row([], 3)

    assert fit.values is None
    assert fit.reason == "no values after the label"


def test_t3_row_total_constraint() -> None:
    assert _row_total([1, 2, 0, 0, 0, 0, 3]) is True
    assert _row_total([1, 2, 0, 0, 0, 0, 4]) is False
    assert _row_total([1, None, 0, 0, 0, 0, 1]) is None


BIG_ROW = "15231123145110211" + "2032"  # 1523|112|31|45|110|211|2032, glued: 21 digits


def test_truncated_split_search_never_yields_a_confident_cell() -> None:
    fit = fit_row(values_of(f"数量{BIG_ROW}二、"), 7, _row_total)

    assert fit.values is None or 0 in fit.unsure or fit.values[0] == 1523


def test_fit_row_all_blank_row_of_k_blanks() -> None:
    blanks = [t for t in tokens("规章\t—\t—\t—") if t.kind == "blank"]
    assert len(blanks) == 3

    assert fit_row(blanks, 3).values == [None, None, None]


def test_a_number_split_across_two_cells_is_rejoined_only_when_the_row_total_confirms_it() -> None:
    row_total = _row_total
    split = [t for t in tokens("予以公开\t1\t2\t0\t0\t0\t0\t0\t12") if t.kind == "num"]
    fit = fit_row(split, 7, row_total)
    assert fit.values == [12, 0, 0, 0, 0, 0, 12]
    assert fit.toks[0] is not None
    assert fit.toks[0].raw == "1 2"

    unconfirmed = [t for t in tokens("予以公开\t1\t2\t0\t0\t0\t0\t0\t3") if t.kind == "num"]
    assert fit_row(unconfirmed, 7, row_total).values is None
    assert fit_row(split, 7).values is None  # without the row's own total nothing says which pieces join
