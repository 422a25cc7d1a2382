"""Load the pipeline's polars frames into DuckDB one report year at a time; run the SQL checks.

SQL lives in warehouse/{ddl,views,load,checks}/*.sql; this module only reads, binds and
executes it. It sticks to the DuckDB API shared by 1.5.x and 2.x: results come from
relations (`con.sql(q, params=...)`), and every `execute()` result is finished with
`fetchall()` because an unfinished one blocks the connection on 2.x.
"""

import hashlib
import os
import re
import sys
import time
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl

from pipeline import catalogue, frames, spec

SQL_DIR = Path(__file__).resolve().parent
# DuckDB takes 80% of RAM by default, on top of what the run process holds (a year's frames),
# with two runs at once. Past the limit it spills to <database>.tmp: slower, but bounded.
CONNECTION_CONFIG: dict[str, str] = {"memory_limit": "512MB"}
# The load step holds the year's frames beside DuckDB, so it gives DuckDB less. Queries over
# v_identity_diffs and cross-year lists need the 512 MB: they run in steps that hold no frames.
LOAD_MEMORY_LIMIT = "256MB"

IDENTITY_TERMS_SCHEMA: dict[str, pl.DataType] = {
    "rule_id": pl.String(),
    "variant": pl.String(),
    "scope": pl.String(),
    "table_code": pl.String(),
    "row_code": pl.String(),
    "col_code": pl.String(),
    "side": pl.String(),
}

# Warehouse table -> (name the incoming frame is registered under, its frame schema).
# The order is the insert order of replace_year.
_INCOMING: dict[str, tuple[str, dict[str, pl.DataType]]] = {
    "reports": ("incoming_reports", frames.REPORTS_SCHEMA),
    "sections": ("incoming_sections", frames.SECTIONS_SCHEMA),
    "fact_cells": ("incoming_cells", frames.CELLS_SCHEMA),
    "findings": ("incoming_findings", frames.FINDINGS_SCHEMA),
    "rule_results": ("incoming_rule_results", frames.RULE_RESULTS_SCHEMA),
    "unread_cells": ("incoming_unread", frames.UNREAD_SCHEMA),
}

_COMMENT = re.compile(r"--[^\n]*")
# Fault injection for tests/production/test_recovery.py: seconds to sleep inside replace_year's
# transaction, after every row is written and before the commit, so that a test can kill
# the process in the middle of the write. Read at call time; never set in production.
PAUSE_IN_WRITE_ENV = "NIANBAO_PAUSE_IN_WRITE"
_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


def sql(name: str) -> str:
    """Return the text of warehouse/<name>.sql, e.g. `sql("checks/identity_breaks")`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def check_names() -> list[str]:
    """Return the names of the SQL checks in warehouse/checks/, sorted."""
    return sorted(p.stem for p in (SQL_DIR / "checks").glob("*.sql"))


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open (or create) the warehouse file at `path`; ":memory:" gives a scratch database."""
    # A scratch database cannot spill, so only files get the memory limit.
    config: dict[str, str | bool | int | float | list[str]] = {}
    if str(path) != ":memory:":
        config.update(CONNECTION_CONFIG)
    return duckdb.connect(str(path), config=config)


def apply_ddl(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables, refill identity_terms from the catalogue and (re)create the views.

    Idempotent, and atomic: a failure leaves the database as it was. A database that already
    holds what this code applies (schema_state has its ddl_digest) is left untouched.
    """
    digest = ddl_digest()
    if applied_digest(con) == digest:
        # Every warehouse step starts here: rewriting identity_terms and the views made each of
        # them a write, paid again as a checkpoint when its connection closed.
        return
    con.begin()
    try:
        for name in _ddl_names("ddl"):
            _run(con, name)
        _replace_identity_terms(con)
        for name in _ddl_names("views"):
            _run(con, name)
        con.execute("DELETE FROM schema_state").fetchall()
        con.execute("INSERT INTO schema_state VALUES ($digest, $now)", {"digest": digest, "now": now_utc()}).fetchall()
        con.commit()
    except BaseException:
        con.rollback()
        raise


@cache
def ddl_digest() -> str:
    """Return a digest of everything apply_ddl applies: the DDL and view files, and the identity terms."""
    h = hashlib.sha256()
    for name in _ddl_names("ddl") + _ddl_names("views"):
        h.update(f"{name}\n{sql(name)}\n".encode())
    h.update(identity_terms_frame().write_csv().encode())
    return h.hexdigest()


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Return True if the database has a table called `name`."""
    row = con.sql("SELECT count(*) FROM duckdb_tables() WHERE table_name = $name", params={"name": name}).fetchone()
    return bool(row and row[0])


def applied_digest(con: duckdb.DuckDBPyConnection) -> str | None:
    """Return the digest apply_ddl last recorded in this database, or None."""
    if not has_table(con, "schema_state"):
        return None
    row = con.sql("SELECT digest FROM schema_state").fetchone()
    return str(row[0]) if row else None


def _ddl_names(kind: str) -> list[str]:
    """Return the files of warehouse/<kind>/ (ddl or views) in the order apply_ddl runs them."""
    return [f"{kind}/{p.stem}" for p in sorted((SQL_DIR / kind).glob("*.sql"))]


def now_utc() -> datetime:
    """Return the current time as naive UTC, the convention of the warehouse's TIMESTAMP columns."""
    return datetime.now(UTC).replace(tzinfo=None)


def identity_terms_frame() -> pl.DataFrame:
    """Expand every catalogue identity into one row per term for each grid variant.

    Columns: IDENTITY_TERMS_SCHEMA. pre2019 reports have no statutory grid, hence no
    variant; t4 terms come out the same in every variant.
    """
    variants: dict[str, tuple[str, list[str] | None]] = {
        "gov2021": ("gov2021", None),
        "gov2019": ("gov2019", None),
        # A gov2021 report that still prints the 2019 single （六）其他处理 row.
        "gov2021_single_other": ("gov2021", spec.t3_rows("gov2021", single_other=True)),
    }
    rows: list[dict[str, str]] = []
    for rule in catalogue.load_catalogue():
        for variant, (era, t3_rows) in variants.items():
            for eq in catalogue.expand_identity(rule, era, t3_rows):
                for side, keys in (("lhs", eq.lhs), ("rhs", eq.rhs)):
                    rows.extend(
                        {
                            "rule_id": eq.rule,
                            "variant": variant,
                            "scope": eq.scope,
                            "table_code": table,
                            "row_code": row,
                            "col_code": col,
                            "side": side,
                        }
                        for table, row, col in keys
                    )
    return pl.DataFrame(rows, schema=IDENTITY_TERMS_SCHEMA)


def replace_year(
    con: duckdb.DuckDBPyConnection,
    year: int,
    *,
    reports: pl.DataFrame,
    sections: pl.DataFrame,
    cells: pl.DataFrame,
    findings: pl.DataFrame,
    rule_results: pl.DataFrame,
    unread: pl.DataFrame | None = None,
    run_id: str,
) -> dict[str, int]:
    """Replace everything stored for `year` with these frames, in one transaction.

    Frames follow pipeline.frames' schemas; their rows must be of `year` or have a null
    year (rejected files, matched on sha256). Rejected reports are also upserted into
    quarantine; `unread` (the cells read with no certainty, UNREAD_SCHEMA) defaults to none.
    On any error the transaction is rolled back and the previous rows stay.
    Returns the number of rows written per table (quarantine: rows upserted).
    """
    given = {
        "reports": reports,
        "sections": sections,
        "fact_cells": cells,
        "findings": findings,
        "rule_results": rule_results,
        "unread_cells": pl.DataFrame(schema=frames.UNREAD_SCHEMA) if unread is None else unread,
    }
    incoming = {table: _conform(given[table], schema, table) for table, (_, schema) in _INCOMING.items()}
    for table, df in incoming.items():
        _require_year(df, year, table)
    params: dict[str, Any] = {
        "year": year,
        "run_id": run_id,
        # Naive UTC: the column is a plain TIMESTAMP, so no session time zone is involved.
        "seen_at": now_utc(),
    }
    registered: list[str] = []
    try:
        for table, (view, _) in _INCOMING.items():
            con.register(view, incoming[table].to_arrow(compat_level=pl.CompatLevel.newest()))
            registered.append(view)
        con.begin()
        try:
            _run(con, "load/delete_year", params)
            counts = {table: _run(con, f"load/insert_{table}", params) for table in _INCOMING}
            _run(con, "load/quarantine_release", params)
            counts["quarantine"] = _run(con, "load/quarantine_upsert", params)
            _pause_in_write(year)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    finally:
        for view in registered:
            con.unregister(view)
    return counts


def _pause_in_write(year: int) -> None:
    seconds = os.environ.get(PAUSE_IN_WRITE_ENV)
    if seconds:
        print(f"replace_year({year}): pausing {seconds} s before the commit", file=sys.stderr, flush=True)
        time.sleep(float(seconds))


def identity_diffs(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Return v_identity_diffs for one year as pandas (what the GX suite warehouse_identities reads).

    Columns: report_id, year, agency, era, variant, rule_id, scope, lhs, rhs, n_terms,
    n_present, diff (NULL unless every term is present), status.
    """
    return con.sql(sql("gx/warehouse_identities"), params={"year": year}).df()


def fail_rates_of_other_years(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, list[float]]:
    """Return rule_id -> fail rates of every other stored year, by year (history/fail_rates_of_other_years.sql)."""
    rates = con.sql(sql("history/fail_rates_of_other_years"), params={"year": year}).fetchall()
    out: dict[str, list[float]] = {}
    for rule_id, _, rate in rates:
        out.setdefault(rule_id, []).append(float(rate))
    return out


def run_check(con: duckdb.DuckDBPyConnection, name: str, year: int) -> pl.DataFrame:
    """Return the failing rows of warehouse/checks/<name>.sql for `year`; empty means pass."""
    query = _statements(sql(f"checks/{name}"))
    if len(query) != 1:
        raise ValueError(f"checks/{name}.sql must hold exactly one statement, found {len(query)}")
    return con.sql(query[0], params=_params_for(query[0], {"year": year})).pl()


def _replace_identity_terms(con: duckdb.DuckDBPyConnection) -> None:
    con.register("incoming_identity_terms", identity_terms_frame().to_arrow())
    try:
        con.execute("DELETE FROM identity_terms").fetchall()
        con.execute("INSERT INTO identity_terms BY NAME SELECT * FROM incoming_identity_terms").fetchall()
    finally:
        con.unregister("incoming_identity_terms")


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> int:
    """Execute every statement of a .sql file; return the row count of the last one.

    DuckDB binds parameters only to the last statement of a multi-statement string and
    rejects unused ones, so each statement is executed alone with the params it names.
    """
    count = 0
    for stmt in _statements(sql(name)):
        result = con.execute(stmt, _params_for(stmt, params or {})).fetchall()
        # DML returns one row holding the number of rows changed; DDL returns nothing.
        count = int(result[0][0]) if result and isinstance(result[0][0], int) else 0
    return count


def _statements(text: str) -> list[str]:
    """Split a .sql file into statements (our files keep ';' and '--' out of literals)."""
    body = _COMMENT.sub("", text)
    return [s.strip() for s in body.split(";") if s.strip()]


def _params_for(stmt: str, params: dict[str, Any]) -> dict[str, Any]:
    names = set(_PARAM.findall(stmt))
    missing = names - params.keys()
    if missing:
        raise KeyError(f"no value for SQL parameter(s) {sorted(missing)}")
    return {k: v for k, v in params.items() if k in names}


def _conform(df: pl.DataFrame, schema: dict[str, pl.DataType], table: str) -> pl.DataFrame:
    """Select the schema's columns in order, cast to its dtypes (e.g. an Int32 year)."""
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise ValueError(f"{table} frame lacks column(s) {missing}")
    return df.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])


def _require_year(df: pl.DataFrame, year: int, table: str) -> None:
    """Refuse rows of another year: they would be left behind by that year's next reload."""
    others = df.filter(pl.col("year").is_not_null() & (pl.col("year") != year))["year"].unique()
    if others.len():
        raise ValueError(f"replace_year({year}): {table} has rows of year(s) {sorted(others.to_list())}")
