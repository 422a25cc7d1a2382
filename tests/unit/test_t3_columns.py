"""pipeline.t3_columns: ambiguous flattened t3 rows settled by the column identities, or not at all."""

from pipeline import spec
from pipeline.t3_columns import resolve

COLS = spec.t3_cols()
ROWS = spec.t3_rows("gov2021")


def zero_grid() -> dict[tuple[str, str], int | float | None]:
    return {(r, c): 0 for r in ROWS for c in COLS}


def test_the_one_reading_that_balances_the_columns_is_chosen() -> None:
    grid = zero_grid()
    for col, v in zip(COLS, [27, 0, 0, 2, 0, 1, 30], strict=True):
        grid[("new_received", col)] = v
        grid[("total_handled", col)] = v
    del_row = "granted"
    for col in COLS:
        grid.pop((del_row, col))
    readings = ((2, 7, 0, 0, 20, 1, 30), (27, 0, 0, 2, 0, 1, 30))

    assert resolve(grid, {del_row: readings}, COLS, "gov2021", ROWS) == {"granted": [27, 0, 0, 2, 0, 1, 30]}


def test_no_reading_is_chosen_when_none_or_several_balance() -> None:
    grid = zero_grid()
    for col in COLS:
        grid.pop(("granted", col))
    # Neither reading balances (every other row is zero, so granted must be all zero).
    assert resolve(grid, {"granted": ((1, 0, 0, 0, 0, 0, 1), (0, 1, 0, 0, 0, 0, 1))}, COLS, "gov2021", ROWS) == {}
    # Both readings are the same as far as the columns can tell: still not chosen.
    grid2 = zero_grid()
    for col in COLS:
        grid2.pop(("granted", col))
        grid2.pop(("partially_granted", col))
    both = {
        "granted": ((1, 0, 0, 0, 0, 0, 1), (0, 0, 0, 0, 0, 0, 0)),
        "partially_granted": ((0,) * 7, (1, 0, 0, 0, 0, 0, 1)),
    }
    grid2[("total_handled", "natural_person")] = 1
    grid2[("total_handled", "total")] = 1
    grid2[("new_received", "natural_person")] = 1
    grid2[("new_received", "total")] = 1
    assert resolve(grid2, both, COLS, "gov2021", ROWS) == {}
