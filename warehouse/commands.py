"""`nianbao report` and `nianbao export`: commands that read the DuckDB warehouse.

They open the database read-only, so they can run beside other readers and never create
an empty warehouse by mistake; a missing file is a usage error (exit 2).
"""

import argparse
import sys
from pathlib import Path
from typing import Any

import duckdb

from warehouse.export import export
from warehouse.report import render_report

# The file the Dagster assets write (assets.resources.DEFAULT_DATABASE), wherever the command runs.
DEFAULT_DATABASE = Path(__file__).resolve().parent / "nianbao.duckdb"


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    """Add the report and export subcommands."""
    p_report = sub.add_parser("report", help="write the data-quality report of one year as an HTML page")
    p_report.add_argument("--year", type=int, required=True, help="report year, e.g. 2022")
    p_report.add_argument("--out", type=Path, required=True, help="HTML file to write")
    _database_argument(p_report)
    p_report.set_defaults(run=lambda a: report_command(a.database, a.year, a.out))
    p_export = sub.add_parser("export", help="write reports, fact_cells, findings, rule_results and quarantine")
    p_export.add_argument("--format", choices=["parquet", "csv"], required=True, dest="fmt")
    p_export.add_argument("--out", type=Path, required=True, help="directory to write <table>.<format> into")
    p_export.add_argument("--year", type=int, default=None, help="only this report year (default: all years)")
    _database_argument(p_export)
    p_export.set_defaults(run=lambda a: export_command(a.database, a.fmt, a.out, a.year))


def _database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database", type=Path, default=DEFAULT_DATABASE, help=f"DuckDB warehouse file (default: {DEFAULT_DATABASE})"
    )


def open_read_only(database: Path) -> duckdb.DuckDBPyConnection | None:
    """Open the warehouse read-only; print why and return None if it does not exist."""
    if not database.is_file():
        print(
            f"nianbao: no warehouse at {database}: materialise the pipeline first (make run) or pass --database",
            file=sys.stderr,
        )
        return None
    return duckdb.connect(str(database), read_only=True)


def report_command(database: Path, year: int, out: Path) -> int:
    """Write the HTML report of `year`; exit 0, or 2 when the warehouse is missing."""
    con = open_read_only(database)
    if con is None:
        return 2
    try:
        page = render_report(con, year)
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    print(f"wrote {out}")
    return 0


def export_command(database: Path, fmt: str, out: Path, year: int | None) -> int:
    """Export the warehouse tables to `out`; exit 0, or 2 when the warehouse is missing."""
    con = open_read_only(database)
    if con is None:
        return 2
    try:
        paths = export(con, fmt, out, year)
    finally:
        con.close()
    for path in paths:
        print(f"wrote {path}")
    return 0
