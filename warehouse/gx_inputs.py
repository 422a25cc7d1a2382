"""The rows the GX suites read, taken from the warehouse after the load and validated outside it.

DuckDB lets one process at a time open the warehouse file, so every step that opens it
queues in one pool across runs. GX over pandas took about 1.1 s per 200,000 rows, 30 s for a
large year: run under the lock, it kept the other run's steps waiting. A short step after
the load therefore writes what each suite reads (warehouse/gx/<suite>.sql) for its year to
Parquet beside the warehouse file, in parts of whole reports, and the GX checks validate
those files with no lock held, as do the SQL checks that read only a view written there
(CHECKS_ON_INPUTS). The next write of the year replaces them whole.
"""

import os
import shutil
from collections.abc import Iterator
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
NAMES_FILE = "reports.parquet"
# SQL checks (warehouse/checks/) that read one view only, and the suite whose rows are that
# view's rows of the year: they run on those files, off the lock, like the GX checks.
# v_identity_diffs costs about 3 s on a large year; evaluated once after the load is enough.
CHECKS_ON_INPUTS: dict[str, tuple[str, str]] = {"identity_breaks": ("warehouse_identities", "v_identity_diffs")}


def suite_names() -> list[str]:
    """Return the suites that have a query in warehouse/gx/, sorted."""
    return sorted(p.stem for p in (loader.SQL_DIR / "gx").glob("*.sql"))


def inputs_folder(database: str | Path) -> Path:
    """Return the folder of GX inputs of the warehouse file `database` (nianbao.duckdb -> nianbao.gx)."""
    return Path(database).with_suffix(".gx")


def write_inputs(con: duckdb.DuckDBPyConnection, year: int, folder: Path) -> dict[str, int]:
    """Write every suite's rows of `year`, and the year's report names, under folder/<year>/.

    Returns suite -> rows written. The year's folder is replaced whole, by a rename, so a check
    reads one load's rows, never a mix of two.
    """
    dest = folder / str(year)
    tmp = folder / f".{year}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _copy(con, "SELECT report_id, agency, source FROM reports WHERE year = $year ORDER BY ALL", year, tmp / NAMES_FILE)
    counts = {suite: _write_suite(con, suite, year, tmp / suite) for suite in suite_names()}
    old = folder / f".{year}.{os.getpid()}.old"
    if dest.exists():
        dest.rename(old)
    tmp.rename(dest)
    shutil.rmtree(old, ignore_errors=True)
    return counts


def read_parts(folder: Path, suite: str, year: int) -> Iterator[pd.DataFrame]:
    """Yield the suite's rows of `year`, part by part, as pandas frames (what GX reads)."""
    for path in _parts(folder, suite, year):
        yield _read_categorical(path)


def run_check(folder: Path, name: str, year: int) -> pl.DataFrame:
    """Run warehouse/checks/<name>.sql (one of CHECKS_ON_INPUTS) for `year` on the written rows."""
    suite, view = CHECKS_ON_INPUTS[name]
    with duckdb.connect() as mem:  # in memory: the warehouse file stays unopened
        mem.read_parquet([str(p) for p in _parts(folder, suite, year)]).create_view(view)
        return loader.run_check(mem, name, year)


def _parts(folder: Path, suite: str, year: int) -> list[Path]:
    parts = sorted((folder / str(year) / suite).glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(
            f"no GX input of suite {suite} for {year} under {folder}: materialise warehouse_gx_inputs for {year} first"
        )
    return parts


def read_names(folder: Path, year: int) -> pl.DataFrame:
    """Return report_id, agency and source of the year's reports as written with its GX inputs."""
    return pl.read_parquet(folder / str(year) / NAMES_FILE)


def _read_categorical(path: Path) -> pd.DataFrame:
    """Read a Parquet part with every string column as a pandas Categorical.

    GX copies and filters the frame once per metric: on codes instead of Python strings a
    part validates about 5x faster (1.35 -> 0.25 s per 200,000 cells) and reads 2.5x faster.
    """
    schema = pq.read_schema(path)
    strings = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    frame: pd.DataFrame = pq.read_table(path, read_dictionary=strings).to_pandas()
    return frame


def _write_suite(con: duckdb.DuckDBPyConnection, suite: str, year: int, dest: Path) -> int:
    dest.mkdir()
    # The query runs once, into a temporary table: a view such as v_identity_diffs costs
    # seconds per evaluation. Every expectation holds within a report, so parts are whole reports.
    con.execute(f"CREATE OR REPLACE TEMP TABLE gx_rows AS {loader.sql(f'gx/{suite}')}", {"year": year}).fetchall()
    try:
        row = con.sql("SELECT count(*) FROM gx_rows").fetchone()
        n = row[0] if row else 0
        parts = max(1, -(-n // GX_PART_ROWS))
        for part in range(parts):
            # Literal integers: a prepared `% $parts` scans several times slower. Unsorted: GX
            # needs no order, and the checks sort the few failing rows they show (ORDER BY ALL
            # was 0.5 of the 1.2 s these copies took on a year of 1.9 million cells).
            query = f"SELECT * FROM gx_rows WHERE hash(report_id) % {parts} = {part}"
            _copy(con, query, None, dest / f"part-{part:04d}.parquet")
        return int(n)
    finally:
        con.execute("DROP TABLE IF EXISTS temp.gx_rows").fetchall()


def _copy(con: duckdb.DuckDBPyConnection, query: str, year: int | None, path: Path) -> None:
    target = str(path).replace("'", "''")
    params = {"year": year} if year is not None else None
    con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet)", params).fetchall()
