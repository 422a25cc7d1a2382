"""Checks that the warehouse accounts for every input of a load (issue 7): nothing lost, nothing twice.

The logic is `warehouse.accounting` (rows read back from DuckDB) over the raw frame the load
was given; this module only wires it into Dagster. Both checks run after warehouse_tables in
the same run, and again whenever the check is executed alone, against the latest load of the
partition.
"""

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.checks_metadata import failures_to_check_result
from assets.partitions import report_years
from assets.resources import WAREHOUSE_POOL
from assets.warehouse_assets import latest_load, warehouse_tables
from warehouse import accounting


def latest_load_run_id(context: dg.AssetCheckExecutionContext) -> str:
    """Return the run id of the partition's latest warehouse_tables materialisation (this run's, usually)."""
    record = latest_load(context)
    return record.run_id if record else context.run.run_id


@dg.asset_check(
    asset=warehouse_tables,
    name="every_input_is_one_report_row",
    partitions_def=report_years,
    additional_ins={"raw_reports": dg.AssetIn("raw_reports")},
    pool=WAREHOUSE_POOL,
    description=(
        "Every input file of the year's load (the raw_reports rows: the year's files and the undated "
        "ones) is exactly one reports row stamped with that load's run id, and every rejected file "
        "that is not a second copy is in quarantine. A failure means a file was lost or counted twice."
    ),
)
def every_input_is_one_report_row(
    context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource, raw_reports: pl.DataFrame
) -> dg.AssetCheckResult:
    """Compare count(inputs) with count(reports rows written) for the partition; list any difference."""
    run_id = latest_load_run_id(context)
    with duckdb.get_connection() as con:
        failing = accounting.find_unaccounted(con, raw_reports, run_id)
        written = accounting.reports_of_run(con, run_id)
    return failures_to_check_result(
        failing,
        severity=dg.AssetCheckSeverity.ERROR,
        counts={
            "n_inputs": raw_reports.height,
            "n_report_rows": written.height,
            "n_rejected": raw_reports.filter(pl.col("status") == "rejected").height,
            "n_duplicates": raw_reports["duplicate_of"].drop_nulls().len(),
        },
        extra={"load_run_id": dg.MetadataValue.text(run_id)},
    )


@dg.asset_check(
    asset=warehouse_tables,
    name="one_report_per_agency_and_year",
    partitions_def=report_years,
    pool=WAREHOUSE_POOL,
    description=(
        "No two different reports claim the same agency and year (reports.conflict_with). Both are kept "
        "and loaded; which one holds (a correction, a mislabelled page) is for a person to decide."
    ),
)
def one_report_per_agency_and_year(
    context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource
) -> dg.AssetCheckResult:
    """List the year's reports that share their agency and year with a different report (WARN)."""
    with duckdb.get_connection() as con:
        failing = accounting.find_conflicts(con, int(context.partition_key))
    return failures_to_check_result(failing, severity=dg.AssetCheckSeverity.WARN)


integrity_checks = [every_input_is_one_report_row, one_report_per_agency_and_year]
