"""The job over every asset and check, and the nightly schedule of the two open report years."""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

SCHEDULE_TZ = "Asia/Shanghai"
WAREHOUSE_TAG = "nianbao/warehouse"

annual_reports_job = dg.define_asset_job(
    "annual_reports_job",
    # Partitioned by report year: inferred from the selected assets (report_years).
    selection=dg.AssetSelection.all(),
    # dagster.yaml lets one run carrying this tag at a time write the DuckDB file (one writer).
    run_tags={WAREHOUSE_TAG: "write"},
    description="Read, parse, check and load one report year (all assets and their checks).",
)


@dg.schedule(
    cron_schedule="0 2 * * *",
    job=annual_reports_job,
    execution_timezone=SCHEDULE_TZ,
    # On as soon as a daemon runs (`dagster dev`, a deployment): the refresh is the point.
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_reports_schedule(context: dg.ScheduleEvaluationContext) -> Iterator[dg.RunRequest]:
    """Refresh the current and the previous report year every night.

    Year N's reports are published early in year N+1, so both years can still change.
    """
    now = context.scheduled_execution_time or datetime.now(ZoneInfo(SCHEDULE_TZ))
    today = now.astimezone(ZoneInfo(SCHEDULE_TZ)).date()
    for year in (today.year, today.year - 1):
        yield dg.RunRequest(run_key=f"{today.isoformat()}-{year}", partition_key=str(year))
