"""The rows the GX suites read, taken from the warehouse after the load and validated outside it.

DuckDB lets one process at a time open the warehouse file, so every step that opens it
queues in one pool across runs. GX over pandas took about 1.1 s per 200,000 rows, 30 s for a
large year: run under the lock, it kept the other run's steps waiting. A short step after
the load therefore writes what each suite reads (warehouse/gx/<suite>.sql) for its year to
Parquet beside the warehouse file, in parts of whole reports, and the GX checks validate
those files with no lock held. The next write of the year replaces them whole.

A suite that reads a view (DERIVED_SUITES) is not written: v_identity_diffs took 3 of the 4 s
that step held the lock for on a large year. Its rows are derived off the lock, in an
in-memory DuckDB, from the tables the view reads as written here (`derived`), and the SQL
checks on that view (CHECKS_ON_INPUTS) run there too.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse import loader

# Rows per part: GX's copies of a 500,000-row categorical part take about 170 MB; a year
# of 10^5 reports read whole would take gigabytes. Fewer parts also mean fewer scans to write.
GX_PART_ROWS = 500_000
# The year's reports: their names for the checks' tables, and the report columns views read.
NAMES_FILE = "reports.parquet"
NAMES_QUERY = "SELECT report_id, agency, source, year, era, status FROM reports WHERE year = $year ORDER BY ALL"
TERMS_FILE = "identity_terms.parquet"
# Suite -> the view (warehouse/views/<view>.sql) its query reads. Derived off the lock.
DERIVED_SUITES: dict[str, str] = {"warehouse_identities": "v_identity_diffs"}
# The tables those views read, as written under <folder>/<year>/. The fact_cells suite's
# parts hold every column of fact_cells that v_identity_diffs reads.
DERIVED_FROM: dict[str, str] = {
    "fact_cells": "fact_cells/part-*.parquet",
    "reports": NAMES_FILE,
    "identity_terms": TERMS_FILE,
}
# SQL checks (warehouse/checks/) that read only a derived view: they run off the lock too.
CHECKS_ON_INPUTS: tuple[str, ...] = ("identity_breaks",)


def suite_names() -> list[str]:
    """Return the suites that have a query in warehouse/gx/, sorted."""
    return sorted(p.stem for p in (loader.SQL_DIR / "gx").glob("*.sql"))


def inputs_folder(database: str | Path) -> Path:
    """Return the folder of GX inputs of the warehouse file `database` (nianbao.duckdb -> nianbao.gx)."""
    return Path(database).with_suffix(".gx")


def write_inputs(con: duckdb.DuckDBPyConnection, year: int, folder: Path) -> dict[str, int]:
    """Write the rows of `year` that every suite reads or is derived from under folder/<year>/.

    Returns suite -> rows written (derived suites are not written). The year's folder is
    replaced whole, by a rename, so a check reads one load's rows, never a mix of two.
    """
    dest = folder / str(year)
    tmp = folder / f".{year}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _copy(con, NAMES_QUERY, year, tmp / NAMES_FILE)
    _copy(con, "SELECT * FROM identity_terms", None, tmp / TERMS_FILE)
    counts = {s: _write_suite(con, s, year, tmp / s) for s in suite_names() if s not in DERIVED_SUITES}
    old = folder / f".{year}.{os.getpid()}.old"
    if dest.exists():
        dest.rename(old)
    tmp.rename(dest)
    shutil.rmtree(old, ignore_errors=True)
    return counts


def read_parts(folder: Path, suite: str, year: int) -> Iterator[pd.DataFrame]:
    """Yield a written suite's rows of `year`, part by part, as pandas frames (what GX reads).

    A derived suite's rows come from `derived` and `derived_parts` instead.
    """
    for path in _files(folder, year, f"{suite}/part-*.parquet"):
        yield _read_categorical(path)


@contextmanager
def derived(folder: Path, year: int) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open an in-memory DuckDB over the year's written rows, with every derived suite evaluated once.

    It holds DERIVED_FROM as tables, each derived suite's rows as a table named after the
    suite, and each of their views as those rows, so that `loader.run_check` runs a check of
    CHECKS_ON_INPUTS on it. The warehouse file stays unopened.
    """
    # The view's joins need their 512 MB on a large year; past it, they spill.
    with (
        tempfile.TemporaryDirectory(prefix="nianbao-gx-") as spill,
        duckdb.connect(config={**loader.CONNECTION_CONFIG, "temp_directory": spill}) as mem,
    ):
        for table, pattern in DERIVED_FROM.items():
            files = ", ".join(_quoted(p) for p in _files(folder, year, pattern))
            mem.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet([{files}])").fetchall()
        for suite, view in DERIVED_SUITES.items():
            mem.execute(loader.sql(f"views/{view}")).fetchall()
            mem.execute(f"CREATE TABLE {suite} AS {loader.sql(f'gx/{suite}')}", {"year": year}).fetchall()
            mem.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {suite}").fetchall()
        yield mem


def derived_parts(mem: duckdb.DuckDBPyConnection, suite: str) -> Iterator[pd.DataFrame]:
    """Yield a derived suite's rows (a table of `derived`) in parts of whole reports, as pandas frames."""
    row = mem.sql(f"SELECT count(*) FROM {suite}").fetchone()
    parts = max(1, -(-(row[0] if row else 0) // GX_PART_ROWS))
    for part in range(parts):
        table = mem.sql(f"SELECT * FROM {suite} WHERE hash(report_id) % {parts} = {part}").to_arrow_table()
        # A hash can leave a part empty; a year with no rows still gets its one (empty) part.
        if table.num_rows or parts == 1:
            yield _categorical(table)


def _files(folder: Path, year: int, pattern: str) -> list[Path]:
    files = sorted((folder / str(year)).glob(pattern))
    if not files:
        raise FileNotFoundError(
            f"no GX input {pattern} for {year} under {folder}: materialise warehouse_gx_inputs for {year} first"
        )
    return files


def _quoted(path: Path) -> str:
    """Return the path as a SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def read_names(folder: Path, year: int) -> pl.DataFrame:
    """Return report_id, agency and source of the year's reports as written with its GX inputs."""
    return pl.read_parquet(folder / str(year) / NAMES_FILE)


def _read_categorical(path: Path) -> pd.DataFrame:
    """Read a Parquet part with every string column as a pandas Categorical.

    GX copies and filters the frame once per metric: on codes instead of Python strings a
    part validates about 5x faster (1.35 -> 0.25 s per 200,000 cells) and reads 2.5x faster.
    """
    schema = pq.read_schema(path)
    strings = [f.name for f in schema if _is_string(f.type)]
    frame: pd.DataFrame = pq.read_table(path, read_dictionary=strings).to_pandas()
    return frame


def _categorical(table: pa.Table) -> pd.DataFrame:
    """Return an Arrow table as pandas with every string column a Categorical, as _read_categorical does."""
    columns = [c.dictionary_encode() if _is_string(c.type) else c for c in table.columns]
    frame: pd.DataFrame = pa.table(columns, names=table.column_names).to_pandas()
    return frame


def _is_string(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _write_suite(con: duckdb.DuckDBPyConnection, suite: str, year: int, dest: Path) -> int:
    query = loader.sql(f"gx/{suite}")
    row = con.execute(f"SELECT count(*) FROM ({query})", {"year": year}).fetchone()
    n = int(row[0]) if row else 0
    parts = max(1, -(-n // GX_PART_ROWS))
    if parts == 1:  # also a year with no rows: its one part is an empty file
        dest.mkdir()
        _copy(con, query, year, dest / "part-0000.parquet")
        return n
    # Every expectation holds within a report, so parts are whole reports. One partitioned
    # COPY scans the rows once; a temporary table and a COPY per part took twice as long
    # (1.1 -> 0.5 s on a year of 1.9 million cells). Literal integers: a prepared `% $parts`
    # scans several times slower. Unsorted: GX needs no order, and the checks sort the few
    # failing rows they show.
    split = dest.with_name(f".{dest.name}.parts")
    partitioned = f"SELECT *, hash(report_id) % {parts} AS gx_part FROM ({query})"
    con.execute(
        f"COPY ({partitioned}) TO {_quoted(split)} (FORMAT parquet, PARTITION_BY (gx_part))", {"year": year}
    ).fetchall()
    dest.mkdir()
    for folder in sorted(split.glob("gx_part=*")):
        part = int(folder.name.removeprefix("gx_part="))
        for i, path in enumerate(sorted(folder.glob("*.parquet"))):
            path.rename(dest / f"part-{part:04d}-{i}.parquet")
    shutil.rmtree(split)
    return n


def _copy(con: duckdb.DuckDBPyConnection, query: str, year: int | None, path: Path) -> None:
    params = {"year": year} if year is not None else None
    con.execute(f"COPY ({query}) TO {_quoted(path)} (FORMAT parquet)", params).fetchall()
