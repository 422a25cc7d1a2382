"""The warehouse asset (one transaction per year) and the checks that run on the stored tables.

GX suites read pandas frames taken from DuckDB (GX 1.x cannot read DuckDB or polars
directly); the SQL checks are warehouse/checks/*.sql, each returning failing rows.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd
import polars as pl
from dagster_duckdb import DuckDBResource
from duckdb import DuckDBPyConnection

from assets.checks_metadata import failures_to_check_result
from assets.partitions import report_years
from assets.resources import WAREHOUSE_POOL
from assets.stage_assets import schema_check_spec, status_counts
from expectations import schemas
from pipeline import stages
from warehouse import catalogue, gx_inputs, loader

WARN = dg.AssetCheckSeverity.WARN
ERROR = dg.AssetCheckSeverity.ERROR

# The warehouse_gx_inputs metadata entry naming the folder of the GX checks' inputs.
GX_INPUTS_KEY = "gx_inputs"
# The warehouse_tables metadata entry with the other years' fail rates per rule, read with the
# load for the rule checks (assets/findings_assets.py), which then need no warehouse connection.
FAIL_RATES_KEY = "fail_rates_of_other_years"
# Severity of each warehouse/checks/<name>.sql. identity_breaks are the agencies' own
# numbers (source findings, WARN); any other check failing means a broken load or a parser
# bug, so a new check file defaults to ERROR.
SQL_CHECK_SEVERITY: dict[str, dg.AssetCheckSeverity] = {"identity_breaks": WARN}


def sql_header(name: str) -> str:
    """Return the leading comment of warehouse/checks/<name>.sql as one line of text."""
    lines = loader.sql(f"checks/{name}").splitlines()
    comment = [line.removeprefix("--").strip() for line in lines if line.startswith("--")]
    return " ".join(comment)


@dg.asset(
    partitions_def=report_years,
    group_name="warehouse",
    check_specs=[
        schema_check_spec("reports_match_schema", "warehouse_tables", "ReportsFrame"),
        schema_check_spec("unread_match_schema", "warehouse_tables", "UnreadFrame"),
    ],
    pool=WAREHOUSE_POOL,
)
def warehouse_tables(
    context: dg.AssetExecutionContext,
    duckdb: DuckDBResource,
    raw_reports: pl.DataFrame,
    report_sections: pl.DataFrame,
    report_cells: pl.DataFrame,
    report_findings: tuple[pl.DataFrame, pl.DataFrame],
) -> dg.MaterializeResult:
    """Replace the year's reports, sections, fact_cells, unread_cells, findings and rule_results in one transaction."""
    # One look-up of the run's kept frames (or one parse), for both frames read from raw.
    frames = stages.raw_to_frames(raw_reports)
    reports, unread = frames["reports"], frames["unread"]
    # The other stage frames arrive read back from their files, so the copies kept for the
    # stage steps are dead weight from here: dropped before DuckDB takes its share (the
    # load peaked at 1,902 MiB on the largest year of 100k with them kept to the end).
    stages.forget_frames()
    findings, rule_results = report_findings
    # Everything slow happened above: the connection holds the file lock only for the write.
    with duckdb.get_connection() as con:
        con.execute(f"SET memory_limit = '{loader.LOAD_MEMORY_LIMIT}'").fetchall()
        loader.apply_ddl(con)
        rows = loader.replace_year(
            con,
            int(context.partition_key),
            reports=reports,
            sections=report_sections,
            cells=report_cells,
            findings=findings,
            rule_results=rule_results,
            unread=unread,
            run_id=context.run.run_id,
        )
        # The year is now loaded from these files: the sensor, the schedule and `nianbao
        # backfill` consider it done until its inputs or the parser change.
        catalogue.record_load(con, int(context.partition_key), raw_reports, run_id=context.run.run_id)
        other_years = loader.fail_rates_of_other_years(con, int(context.partition_key))
    return dg.MaterializeResult(
        metadata={
            **{f"rows_{table}": n for table, n in rows.items()},
            "n_reports": reports.height,
            **{f"reports_{key}": n for key, n in status_counts(reports).items()},
            FAIL_RATES_KEY: dg.MetadataValue.json(other_years),
        },
        check_results=[
            failures_to_check_result(
                schemas.find_schema_violations(reports, schemas.ReportsFrame),
                check_name="reports_match_schema",
            ),
            failures_to_check_result(
                schemas.find_schema_violations(unread, schemas.UnreadFrame),
                check_name="unread_match_schema",
            ),
        ],
    )


@dg.asset(
    partitions_def=report_years,
    group_name="warehouse",
    deps=[warehouse_tables],
    pool=WAREHOUSE_POOL,
    kinds={"duckdb", "parquet"},
)
def warehouse_gx_inputs(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Write the year's stored rows that each GX suite reads (warehouse/gx/*.sql) as Parquet parts.

    Its own step, after the load: the load holds the year's frames, and DuckDB needs its
    512 MB for v_identity_diffs. The GX checks of warehouse_tables validate these files with
    no lock held, and the SQL checks that read only v_identity_diffs run on them (warehouse.gx_inputs).
    """
    folder = gx_inputs.inputs_folder(duckdb.database)
    with duckdb.get_connection() as con:
        rows = gx_inputs.write_inputs(con, int(context.partition_key), folder)
    return dg.MaterializeResult(
        metadata={
            **{f"rows_{suite}": n for suite, n in rows.items()},
            GX_INPUTS_KEY: dg.MetadataValue.path(str(folder.resolve())),
        }
    )


def records_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    """Turn GX failing rows into a frame of strings (rows of different expectations differ)."""
    columns = list(dict.fromkeys(key for record in records for key in record))
    return pl.DataFrame(
        [{c: None if r.get(c) is None else str(r[c]) for c in columns} for r in records],
        schema=dict.fromkeys(columns, pl.String),
    )


def failing_rows_table(records: list[dict[str, Any]], reports: pl.DataFrame) -> pl.DataFrame:
    """Return GX failing rows as a frame naming each report, sorted on every column.

    The GX inputs are written unsorted, so the rows come in no fixed order; sorted, a check
    shows the same rows in the same order on every run.
    """
    rows = with_report_names(records_frame(records), reports)
    return rows.sort(rows.columns, nulls_last=True) if rows.width else rows


def with_report_names(failing: pl.DataFrame, reports: pl.DataFrame) -> pl.DataFrame:
    """Put agency and source file next to each report_id, so the table names the reports."""
    if "report_id" not in failing.columns:
        return failing
    names = reports.select("report_id", "agency", "source").unique("report_id")
    named = failing.drop("agency", "source", strict=False).join(names, on="report_id", how="left")
    return named.select("report_id", "agency", "source", pl.exclude("report_id", "agency", "source"))


def _report_names(con: DuckDBPyConnection) -> pl.DataFrame:
    return con.sql("SELECT report_id, agency, source FROM reports").pl()


def latest_load(
    context: dg.AssetCheckExecutionContext, asset: dg.AssetKey = warehouse_tables.key
) -> dg.EventLogRecord | None:
    """Return the partition's latest materialisation of `asset` (this run's, usually), if any."""
    records = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=asset, asset_partitions=[context.partition_key]), limit=1
    ).records
    return records[0] if records else None


def _gx_inputs_of_latest_load(context: dg.AssetCheckExecutionContext) -> Path:
    """Return the folder of the partition's latest warehouse_gx_inputs (its `gx_inputs` metadata)."""
    record = latest_load(context, warehouse_gx_inputs.key)
    materialization = record.asset_materialization if record else None
    entry = materialization.metadata.get(GX_INPUTS_KEY) if materialization else None
    if entry is None:
        raise FileNotFoundError(
            f"no GX inputs recorded for {context.partition_key}: materialise warehouse_gx_inputs for it first"
        )
    return Path(str(entry.value))


def gx_check(suite: str, severity: dg.AssetCheckSeverity, description: str) -> dg.AssetChecksDefinition:
    """Build the per-year check running GX suite `suite` over the rows of warehouse/gx/<suite>.sql.

    It reads the Parquet parts warehouse_gx_inputs wrote (warehouse.gx_inputs), not the
    warehouse file, so it is outside the warehouse pool. Each part is a bounded set of whole reports
    (every expectation holds within a report): a large year is validated in bounded memory.
    """

    @dg.asset_check(
        asset=warehouse_tables,
        name=f"gx_{suite}",
        partitions_def=report_years,
        additional_deps=[warehouse_gx_inputs],
        description=f"Great Expectations suite expectations/suites/{suite}.json: {description}",
    )
    def _check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        year, folder = int(context.partition_key), _gx_inputs_of_latest_load(context)
        parts = gx_inputs.read_parts(folder, suite, year)
        return gx_result(suite, parts, gx_inputs.read_names(folder, year), severity)

    return _check


def gx_result(
    suite: str,
    parts: Iterable[pd.DataFrame],
    names: pl.DataFrame,
    severity: dg.AssetCheckSeverity,
    check_name: str | None = None,
) -> dg.AssetCheckResult:
    """Validate every part against the GX suite and return one check result naming the failing reports."""
    # GX takes 2-3 s to import: load it only when a GX check runs, not with the code location.
    from expectations import gx_suites

    failing: list[dict[str, Any]] = []
    evaluated = n_rows = 0
    failed: set[str] = set()
    for frame in parts:
        outcome = gx_suites.run_suite(suite, frame)
        failing += outcome.failing_rows
        evaluated = outcome.evaluated
        failed |= set(outcome.failed_expectations)
        n_rows += len(frame)
    return failures_to_check_result(
        failing_rows_table(failing, names),
        severity=severity,
        check_name=check_name,
        counts={"n_expectations": evaluated, "n_failed_expectations": len(failed), "n_rows": n_rows},
    )


# The GX suite whose rows, v_identity_diffs, are derived off the lock (gx_inputs.DERIVED_SUITES).
IDENTITY_SUITE = "warehouse_identities"


@dg.multi_asset_check(
    name="warehouse_identity_checks",
    specs=[
        dg.AssetCheckSpec(
            f"gx_{IDENTITY_SUITE}",
            asset=warehouse_tables,
            partitions_def=report_years,
            additional_deps=[warehouse_gx_inputs],
            description=f"Great Expectations suite expectations/suites/{IDENTITY_SUITE}.json: the statutory "
            "identities as diff == 0 per report and scope (source findings).",
        ),
        *(
            dg.AssetCheckSpec(
                name,
                asset=warehouse_tables,
                partitions_def=report_years,
                additional_deps=[warehouse_gx_inputs],
                description=f"warehouse/checks/{name}.sql: {sql_header(name)}",
            )
            for name in gx_inputs.CHECKS_ON_INPUTS
        ),
    ],
    can_subset=True,
)
def warehouse_identity_checks(context: dg.AssetCheckExecutionContext) -> Iterator[dg.AssetCheckResult]:
    """Evaluate v_identity_diffs once for the year, for its GX suite and the SQL checks that read it.

    The rows are derived from what warehouse_gx_inputs wrote (warehouse.gx_inputs.derived),
    off the warehouse lock: this step is outside the warehouse pool.
    """
    selected = {key.name for key in context.selected_asset_check_keys}
    year, folder = int(context.partition_key), _gx_inputs_of_latest_load(context)
    with gx_inputs.derived(folder, year) as mem:
        names = mem.table("reports").pl()  # read_names's file, already loaded here
        if f"gx_{IDENTITY_SUITE}" in selected:
            parts = gx_inputs.derived_parts(mem, IDENTITY_SUITE)
            yield gx_result(IDENTITY_SUITE, parts, names, WARN, check_name=f"gx_{IDENTITY_SUITE}")
        for name in gx_inputs.CHECKS_ON_INPUTS:
            if name in selected:
                failing = with_report_names(loader.run_check(mem, name, year), names)
                yield failures_to_check_result(failing, severity=SQL_CHECK_SEVERITY.get(name, ERROR), check_name=name)


# The checks that need the warehouse file: one pooled step for all of them.
CHECKS_ON_WAREHOUSE = [name for name in loader.check_names() if name not in gx_inputs.CHECKS_ON_INPUTS]


@dg.multi_asset_check(
    name="warehouse_sql_checks",
    specs=[
        dg.AssetCheckSpec(
            name,
            asset=warehouse_tables,
            partitions_def=report_years,
            description=f"warehouse/checks/{name}.sql: {sql_header(name)}",
        )
        for name in CHECKS_ON_WAREHOUSE
    ],
    can_subset=True,
    pool=WAREHOUSE_POOL,
)
def warehouse_sql_checks(
    context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource
) -> Iterator[dg.AssetCheckResult]:
    """Run each selected warehouse/checks/<name>.sql for the year (failing rows; none = pass).

    One step for every SQL check: each step of the warehouse pool waits its turn, and Dagster
    hands a freed slot over at the waiting step's next poll, up to 15 s later.
    """
    selected = {key.name for key in context.selected_asset_check_keys}
    with duckdb.get_connection() as con:
        reports = _report_names(con)
        for name in CHECKS_ON_WAREHOUSE:
            if name in selected:
                failing = loader.run_check(con, name, int(context.partition_key))
                severity = SQL_CHECK_SEVERITY.get(name, ERROR)
                yield failures_to_check_result(with_report_names(failing, reports), severity=severity, check_name=name)


warehouse_checks = [
    warehouse_identity_checks,
    gx_check("fact_cells", ERROR, "the stored cells' codes, types and ranges."),
    warehouse_sql_checks,
]
