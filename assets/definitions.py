"""The single Definitions of nianbao; workspace.yaml loads `assets.definitions:defs`."""

from pathlib import Path

import dagster as dg

from assets.cross_year_assets import cross_year_automation, cross_year_findings
from assets.findings_assets import report_findings
from assets.report_assets import quality_report
from assets.resources import DEFAULT_DATABASE, DEFAULT_REPORTS_DIR, ReportsDirectory, warehouse_resource
from assets.schedules import annual_reports_job, nightly_reports_schedule
from assets.stage_assets import raw_reports, report_cells, report_sections
from assets.warehouse_assets import warehouse_checks, warehouse_tables

ALL_ASSETS = [
    raw_reports,
    report_sections,
    report_cells,
    report_findings,
    warehouse_tables,
    cross_year_findings,
    quality_report,
]


def build_defs(
    reports_dir: Path | str = DEFAULT_REPORTS_DIR, database: Path | str = DEFAULT_DATABASE
) -> dg.Definitions:
    """Return the Definitions reading `reports_dir` and writing the DuckDB file `database`."""
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=warehouse_checks,
        jobs=[annual_reports_job],
        schedules=[nightly_reports_schedule],
        sensors=[cross_year_automation],
        resources={
            "reports_dir": ReportsDirectory(path=str(reports_dir)),
            "duckdb": warehouse_resource(database),
        },
        # One process per run: 3-4x faster than a process per step, and one DuckDB writer.
        executor=dg.in_process_executor,
    )


defs = build_defs()
