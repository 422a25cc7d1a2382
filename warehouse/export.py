"""Export the warehouse tables as parquet or CSV files, for researchers and auditors.

Each table is written by DuckDB's COPY from the query in warehouse/export/<table>.sql;
the output path and the year are bound as parameters, never spliced into the SQL, so a
directory name with quotes in it cannot change the statement.
"""

import re
from pathlib import Path
from typing import Any, Literal

import duckdb

EXPORT_DIR = Path(__file__).resolve().parent / "export"
# Written in this order; quarantine has no year column and is always exported whole.
EXPORT_TABLES = ("reports", "fact_cells", "unread_cells", "findings", "rule_results", "quarantine")
ExportFormat = Literal["parquet", "csv"]
# COPY options can't be bound, so the format picks one of these fixed strings.
_COPY_OPTIONS: dict[str, str] = {
    "parquet": "(FORMAT parquet, COMPRESSION zstd)",
    "csv": "(FORMAT csv, HEADER true)",
}
_COMMENT = re.compile(r"--[^\n]*")


def export_query(table: str) -> str:
    """Return the SELECT of warehouse/export/<table>.sql without comments or the final ';'."""
    text = (EXPORT_DIR / f"{table}.sql").read_text(encoding="utf-8")
    return _COMMENT.sub("", text).strip().rstrip(";").strip()


def export(con: duckdb.DuckDBPyConnection, fmt: str, out_dir: str | Path, year: int | None = None) -> list[Path]:
    """Write reports, fact_cells, unread_cells, findings, rule_results and quarantine to `out_dir` as `fmt` files.

    Files are named <table>.parquet or <table>.csv; `year` limits every table but quarantine
    to that report year (None: all years). Returns the written paths, in EXPORT_TABLES order.
    """
    if fmt not in _COPY_OPTIONS:
        raise ValueError(f"unknown export format {fmt!r}: expected one of {sorted(_COPY_OPTIONS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for table in EXPORT_TABLES:
        query = export_query(table)
        path = (out / f"{table}.{fmt}").resolve()
        params: dict[str, Any] = {"path": str(path)}
        if "$year" in query:
            params["year"] = year
        con.execute(f"COPY ({query}) TO $path {_COPY_OPTIONS[fmt]}", params).fetchall()
        written.append(path)
    return written
