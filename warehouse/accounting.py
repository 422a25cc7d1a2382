"""Every input accounted for, read back from the warehouse: the rows a load wrote for its inputs.

The warehouse is the user's record, so it is checked, not trusted: each input file a load was
given must be exactly one reports row stamped with that load's run id, and each rejected file
(other than a second copy of content already recorded) must be in quarantine. SQL lives in
warehouse/accounting/*.sql.
"""

import duckdb
import polars as pl

from pipeline import stages
from warehouse import loader

WRITTEN_SCHEMA: dict[str, pl.DataType] = {
    "sha256": pl.String(),
    "source": pl.String(),
    "status": pl.String(),
    "duplicate_of": pl.String(),
}


def reports_of_run(con: duckdb.DuckDBPyConnection, run_id: str) -> pl.DataFrame:
    """Return the reports rows written by the load `run_id`. Columns: WRITTEN_SCHEMA."""
    query = loader.sql("accounting/reports_of_run")
    return con.sql(query, params={"run_id": run_id}).pl().cast(WRITTEN_SCHEMA)  # type: ignore[arg-type]


def quarantined(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return the sha256 of every quarantined content. Columns: sha256."""
    return con.sql(loader.sql("accounting/quarantined")).pl().cast({"sha256": pl.String()})


def find_unaccounted(con: duckdb.DuckDBPyConnection, inputs: pl.DataFrame, run_id: str) -> pl.DataFrame:
    """Return the inputs of the load `run_id` that are not exactly one row, or not quarantined.

    `inputs` has one row per input file the load was given (columns source, sha256: the raw
    frame). Columns: pipeline.stages.UNACCOUNTED_SCHEMA; empty means every input is accounted for.
    """
    return stages.find_unaccounted_inputs(inputs, reports_of_run(con, run_id), quarantined(con))


def find_conflicts(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Return the reports of `year` that conflict with another of their agency and year.

    Columns: report_id, agency, year, source, conflict_with (comma-separated report ids).
    """
    return con.sql(loader.sql("accounting/conflicts"), params={"year": year}).pl()
