"""The data-quality report as an asset: the year's HTML page, linked from its metadata.

The page is rendered by `warehouse.report` from the stored tables, so it runs after the
year's warehouse load and its cross-year findings (stored in the same findings table, they
appear on the page like the within-report ones). It is written next to the warehouse file,
in reports/<year>.html (warehouse/reports/ by default, git-ignored).
"""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.cross_year_assets import cross_year_findings
from assets.partitions import report_years
from assets.resources import WAREHOUSE_POOL
from assets.warehouse_assets import warehouse_tables
from warehouse import report


def report_path(database: str | Path, year: int) -> Path:
    """Return where the HTML report of `year` goes: reports/<year>.html beside the warehouse file."""
    return Path(database).resolve().parent / "reports" / f"{year}.html"


# It reads the warehouse file: in the pool, like every step that opens it (dagster.yaml).
@dg.asset(
    partitions_def=report_years, group_name="report", deps=[warehouse_tables, cross_year_findings], pool=WAREHOUSE_POOL
)
def quality_report(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Write the year's data-quality report: rule summary, then every failing report with its evidence."""
    year = int(context.partition_key)
    with duckdb.get_connection() as con:
        page = report.render_report(con, year)
        counts = report.report_counts(con, year)
    path = report_path(duckdb.database, year)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            # A file:// link opens the page from the UI when the webserver runs on this machine.
            "url": dg.MetadataValue.url(path.as_uri()),
            **counts,
            "n_bytes": len(page.encode("utf-8")),
        }
    )
