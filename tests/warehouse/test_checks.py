"""warehouse/checks/*.sql: each check on a seeded in-memory DuckDB, one passing and one failing case."""

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from pipeline import spec
from warehouse import gx_inputs, loader

YEAR = 2021
Seed = Callable[[duckdb.DuckDBPyConnection], None]


def add_report(con: duckdb.DuckDBPyConnection, rid: str, year: int | None, era: str = "gov2021") -> None:
    """Insert a minimal reports row (sha256 = report_id padded)."""
    con.execute(
        "INSERT INTO reports (report_id, sha256, year, era, status) VALUES (?, ?, ?, ?, 'parsed')",
        [rid, rid.ljust(64, "0"), year, era],
    ).fetchall()


def add_cell(
    con: duckdb.DuckDBPyConnection, rid: str, key: tuple[str, str, str], value: float, year: int = YEAR
) -> None:
    """Insert one fact_cells row."""
    con.execute(
        "INSERT INTO fact_cells (report_id, year, table_code, row_code, col_code, value) VALUES (?, ?, ?, ?, ?, ?)",
        [rid, year, *key, value],
    ).fetchall()


def add_review_group(con: duckdb.DuckDBPyConnection, rid: str, total: float) -> None:
    """Insert the t4 review group: upheld 1, corrected 2, other 0, pending 1, and `total`."""
    for part, value in {
        "upheld": 1.0,
        "corrected": 2.0,
        "other": 0.0,
        "pending": 1.0,
        "total": total,
    }.items():
        add_cell(con, rid, ("t4", "cases", f"review.{part}"), value)


def unique_keys(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_cell(con, "r1", ("t3", "granted", "total"), 6.0)
    add_cell(con, "r1", ("t3", "granted", "natural_person"), 6.0)
    # The same key twice in another year is that year's problem, not this one's.
    add_cell(con, "r1", ("t3", "denied.state_secret", "total"), 1.0, year=YEAR - 1)
    add_cell(con, "r1", ("t3", "denied.state_secret", "total"), 1.0, year=YEAR - 1)


def duplicate_key(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_cell(con, "r1", ("t3", "granted", "total"), 6.0)
    add_cell(con, "r1", ("t3", "granted", "total"), 7.0)


def accounted(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_cell(con, "r1", ("t4", "cases", "review.total"), 1.0)
    con.execute(
        "INSERT INTO findings (report_id, year, rule_id, status) VALUES ('r1', ?, 't3.balance', 'fail')",
        [YEAR],
    ).fetchall()


def orphan_rows(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_cell(con, "ghost", ("t4", "cases", "review.total"), 1.0)
    con.execute(
        "INSERT INTO findings (report_id, year, rule_id, status) VALUES ('ghost', ?, 't3.balance', 'fail')",
        [YEAR],
    ).fetchall()


def identities_hold(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_review_group(con, "r1", total=4.0)
    add_report(con, "r2", YEAR - 1)  # a break in another year is not reported for YEAR
    add_review_group(con, "r2", total=5.0)


def identity_broken(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_review_group(con, "r1", total=5.0)


def one_report_per_id(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_report(con, "r2", YEAR)


def report_stored_twice(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_report(con, "r1", None)


def add_unread(con: duckdb.DuckDBPyConnection, rid: str, key: tuple[str, str, str], year: int = YEAR) -> None:
    """Insert one unread_cells row."""
    con.execute(
        "INSERT INTO unread_cells (report_id, year, table_code, row_code, col_code, reason) VALUES (?, ?, ?, ?, ?, ?)",
        [rid, year, *key, "glued digits can be split in more than one way"],
    ).fetchall()


def read_or_unread(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_cell(con, "r1", ("t3", "granted", "total"), 6.0)
    add_unread(con, "r1", ("t3", "granted", "natural_person"))
    # Both in another year is that year's problem, not this one's.
    add_cell(con, "r1", ("t3", "granted", "legal_person"), 1.0, year=YEAR - 1)
    add_unread(con, "r1", ("t3", "granted", "legal_person"), year=YEAR - 1)


def read_and_unread(con: duckdb.DuckDBPyConnection) -> None:
    add_report(con, "r1", YEAR)
    add_cell(con, "r1", ("t3", "granted", "total"), 6.0)
    add_unread(con, "r1", ("t3", "granted", "total"))


# check name -> (seed that passes, seed that fails, columns compared, expected failing rows)
CASES: dict[str, tuple[Seed, Seed, list[str], list[tuple[object, ...]]]] = {
    "fact_cells_key_unique": (
        unique_keys,
        duplicate_key,
        ["report_id", "table_code", "row_code", "col_code", "n_rows", "values"],
        [("r1", "t3", "granted", "total", 2, [6.0, 7.0])],
    ),
    "reports_accounted": (
        accounted,
        orphan_rows,
        ["table_name", "report_id", "n_rows"],
        [("fact_cells", "ghost", 1), ("findings", "ghost", 1)],
    ),
    "identity_breaks": (
        identities_hold,
        identity_broken,
        ["report_id", "rule_id", "scope", "lhs", "rhs", "diff", "status"],
        [("r1", "t4.group_total", "review", 5.0, 4.0, 1.0, "fail")],
    ),
    "unread_cells_not_read": (
        read_or_unread,
        read_and_unread,
        ["report_id", "table_code", "row_code", "col_code", "value"],
        [("r1", "t3", "granted", "total", 6.0)],
    ),
    "report_id_unique": (
        one_report_per_id,
        report_stored_twice,
        ["report_id", "n_rows", "years"],
        [("r1", 2, [YEAR, None])],
    ),
}


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield an in-memory warehouse with the DDL applied."""
    connection = loader.connect(":memory:")
    loader.apply_ddl(connection)
    yield connection
    connection.close()


def test_every_check_has_cases() -> None:
    assert set(loader.check_names()) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_passes(con: duckdb.DuckDBPyConnection, name: str) -> None:
    CASES[name][0](con)
    assert loader.run_check(con, name, YEAR).is_empty()


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_fails(con: duckdb.DuckDBPyConnection, name: str) -> None:
    _, seed, columns, expected = CASES[name]
    seed(con)
    assert loader.run_check(con, name, YEAR).select(columns).rows() == expected


@pytest.mark.parametrize("name", sorted(gx_inputs.CHECKS_ON_INPUTS))
@pytest.mark.parametrize("case", [0, 1], ids=["passes", "fails"])
def test_check_on_written_inputs_equals_the_check_on_the_warehouse(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, name: str, case: int
) -> None:
    # Such a check runs off the lock on the rows warehouse_gx_inputs wrote: same rows out.
    seed = CASES[name][case]
    seed(con)
    gx_inputs.write_inputs(con, YEAR, tmp_path)

    with gx_inputs.derived(tmp_path, YEAR) as mem:
        on_inputs = loader.run_check(mem, name, YEAR)
    assert on_inputs.rows() == loader.run_check(con, name, YEAR).rows()
    assert on_inputs.is_empty() == (case == 0)


def test_sql_reader_and_unknown_check(con: duckdb.DuckDBPyConnection) -> None:
    assert "$year" in loader.sql("checks/identity_breaks")
    assert spec.t4_cols()[0] in loader.sql("views/v_t4_wide")
    with pytest.raises(FileNotFoundError):
        loader.run_check(con, "no_such_check", YEAR)
