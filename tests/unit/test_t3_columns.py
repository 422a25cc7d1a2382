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


def test_a_row_that_misprints_its_total_is_read_when_one_misprint_explains_one_combination() -> None:
    grid = zero_grid()
    for col, v in zip(COLS, [16, 1, 0, 0, 0, 0, 17], strict=True):
        grid[("new_received", col)] = v
        grid[("granted", col)] = v
    for col in COLS:
        grid.pop(("total_handled", col))
    # "161000016" read every way; none adds up to its own total (16 + 1 is 17).
    refuted = ((16, 1, 0, 0, 0, 0, 16), (1, 61, 0, 0, 0, 0, 16), (16, 10, 0, 0, 0, 1, 6))

    chosen = resolve(grid, {"total_handled": refuted}, COLS, "gov2021", ROWS)

    assert chosen == {"total_handled": [16, 1, 0, 0, 0, 0, 16]}
    # Two misprints would be needed by every reading: none is chosen.
    grid[("granted", "natural_person")] = 15
    assert resolve(grid, {"total_handled": refuted}, COLS, "gov2021", ROWS) == {}


def test_a_large_glued_table_is_settled_column_by_column() -> None:
    # Ten rows of four readings each (a million combinations): each column's equations strike
    # all but the balancing reading, so the one solution is found without listing them.
    grid = zero_grid()
    rows = [r for r in ROWS if r.startswith(("denied.", "not_processed."))][:10]
    for r in rows:
        for col in COLS:
            grid.pop((r, col))
    truth = {r: (i % 3, 0, 0, 0, 0, 0, i % 3) for i, r in enumerate(rows)}
    for col, v in zip(COLS, [sum(t[0] for t in truth.values()), 0, 0, 0, 0, 0, 0], strict=True):
        grid[("total_handled", col)] = v
        grid[("new_received", col)] = v
    grid[("total_handled", "total")] = grid[("new_received", "total")] = grid[("total_handled", "natural_person")]
    for col in COLS:
        grid[("granted", col)] = 0
    pending = {
        r: (t, (t[0] + 10, 0, 0, 0, 0, 0, t[0] + 10), (0, t[0] + 1, 0, 0, 0, 0, t[0] + 1), (0, 0, 0, 0, 0, 0, 0))
        for r, t in truth.items()
    }
    pending = {r: tuple(dict.fromkeys(p)) for r, p in pending.items()}

    chosen = resolve(grid, pending, COLS, "gov2021", ROWS)

    assert chosen == {r: list(t) for r, t in truth.items()}
