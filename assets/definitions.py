"""The single Definitions of nianbao; workspace.yaml loads `assets.definitions:defs`."""

from pathlib import Path

import dagster as dg

from assets.catalogue_assets import catalogue_job, report_catalogue
from assets.cross_year_assets import cross_year_automation, cross_year_findings
from assets.findings_assets import report_findings, report_rule_checks
from assets.integrity_checks import integrity_checks
from assets.io_managers import FramesIOManager
from assets.pool_claim_fix import apply as fix_pool_claim
from assets.pool_wait_fix import apply as fix_pool_wait
from assets.report_assets import quality_report
from assets.resources import Inbox, default_database, default_inbox, warehouse_resource
from assets.schedules import annual_reports_job, nightly_reports_schedule
from assets.sensors import inbox_sensor
from assets.stage_assets import raw_reports, report_cells, report_sections
from assets.warehouse_assets import warehouse_checks, warehouse_gx_inputs, warehouse_tables
from pipeline.collector import freeze_at_exit

# Every process that loads the code location (run workers, the code server) exits 1.3 s of
# CPU sooner: on a busy machine a run worker's exit takes that CPU from the runs beside it.
freeze_at_exit()
# A run waiting for the warehouse pool sleeps instead of spinning a core (assets/pool_wait_fix.py).
fix_pool_wait()
# Two runs claiming the pool's one slot at the same moment no longer both get it (assets/pool_claim_fix.py).
fix_pool_claim()

ALL_ASSETS = [
    report_catalogue,
    raw_reports,
    report_sections,
    report_cells,
    report_findings,
    warehouse_tables,
    warehouse_gx_inputs,
    cross_year_findings,
    quality_report,
]
# Checks defined apart from their asset (the asset's own check_specs come with it).
ALL_CHECKS = [report_rule_checks, *warehouse_checks, *integrity_checks]


def build_defs(reports_dir: Path | str | None = None, database: Path | str | None = None) -> dg.Definitions:
    """Return the Definitions reading the inbox `reports_dir` and writing the DuckDB file `database`.

    Unset, they are $NIANBAO_INBOX and $NIANBAO_DATABASE, else data/sample and
    warehouse/nianbao.duckdb: a deployment (daemon, webserver, run workers) sets the two
    variables once, in the environment every process inherits.
    """
    reports_dir = reports_dir if reports_dir is not None else default_inbox()
    database = database if database is not None else default_database()
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=ALL_CHECKS,
        jobs=[annual_reports_job, catalogue_job],
        schedules=[nightly_reports_schedule],
        sensors=[inbox_sensor, cross_year_automation],
        resources={
            "reports_dir": Inbox(path=str(reports_dir)),
            "duckdb": warehouse_resource(database),
            # Frames as Arrow IPC files: a pickle held two extra copies of a year's cells.
            "io_manager": FramesIOManager(),
        },
        # One process per run: 3-4x faster than a process per step, and one DuckDB writer.
        executor=dg.in_process_executor,
    )


defs = build_defs()
