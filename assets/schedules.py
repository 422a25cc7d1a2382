"""The job over every asset and check, and the nightly schedule: stale years plus the two open ones."""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.catalogue_assets import evaluate_inbox, scope_partitions
from assets.partitions import report_years
from assets.resources import Inbox

SCHEDULE_TZ = "Asia/Shanghai"
WAREHOUSE_TAG = "nianbao/warehouse"
TRIGGER_TAG = "nianbao/trigger"
# New files parsed per evaluation to date them; more are left to tonight's runs, whose
# catalogue step identifies them (they are then stale, and tomorrow's schedule loads them).
MAX_PARSE_PER_TICK = 500

annual_reports_job = dg.define_asset_job(
    "annual_reports_job",
    # Partitioned by report year, inferred from the selected assets (report_years). The
    # unpartitioned report_catalogue is part of every run, so a year reads a fresh catalogue.
    selection=dg.AssetSelection.all(),
    # Marks the runs that write the DuckDB file (filter on it in the UI). The serialising
    # itself is done per step by the duckdb_writer pool (dagster.yaml), not per run.
    run_tags={WAREHOUSE_TAG: "write"},
    description="Catalogue the inbox, then read, parse, check and load one report year (all assets and checks).",
)


@dg.schedule(
    cron_schedule="0 2 * * *",
    job=annual_reports_job,
    execution_timezone=SCHEDULE_TZ,
    # On as soon as a daemon runs (`dagster dev`, a deployment): the refresh is the point.
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_reports_schedule(
    context: dg.ScheduleEvaluationContext, reports_dir: Inbox, duckdb: DuckDBResource
) -> Iterator[dg.RunRequest]:
    """Refresh the current and the previous report year, and every stale year, every night.

    Year N's reports are published early in year N+1, so both open years can still change; a
    stale year is one whose files or parser changed since it was loaded.
    """
    now = context.scheduled_execution_time or datetime.now(ZoneInfo(SCHEDULE_TZ))
    today = now.astimezone(ZoneInfo(SCHEDULE_TZ)).date()
    recent = [str(today.year), str(today.year - 1)]
    try:
        state = evaluate_inbox(reports_dir, duckdb, MAX_PARSE_PER_TICK)
        keys = report_years.get_partition_keys(current_time=now)
        stale = scope_partitions(state.stale, state, keys)
    except Exception as exc:  # the open years are refreshed whatever happens to the catalogue
        context.log.warning(f"stale years unknown tonight ({type(exc).__name__}: {exc}); refreshing the open years")
        stale = []
    for year in [*recent, *(key for key in stale if key not in recent)]:
        reason = "open-year" if year in recent else "stale"
        yield dg.RunRequest(
            run_key=f"{today.isoformat()}-{year}",
            partition_key=year,
            tags={TRIGGER_TAG: f"nightly-{reason}"},
        )
