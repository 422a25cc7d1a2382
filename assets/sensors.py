"""The inbox sensor: a run for exactly the report years whose input files changed.

Each tick lists the inbox and compares it with the catalogue and with what each year was last
loaded from (assets/catalogue_assets.evaluate_inbox): unchanged files are not read, new
content is parsed once to read its year. A year is requested when it is stale and its current
inputs digest is not the one already requested, which the cursor remembers; so a second tick
over the same inbox requests nothing, while the runs it asked for are queued or running.
"""

import hashlib
import json
from dataclasses import dataclass, field

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.catalogue_assets import catalogue_job, evaluate_inbox, scope_partitions
from assets.partitions import report_years
from assets.resources import Inbox
from assets.schedules import MAX_PARSE_PER_TICK, TRIGGER_TAG, annual_reports_job
from warehouse import catalogue


@dataclass
class SensorCursor:
    """What the sensor has already asked for.

    `requested` maps each stale scope to the inputs digest a run was requested for; scopes
    that are no longer stale are dropped, so the same inputs coming back are requested again.
    `generation` numbers the ticks that requested runs: it is part of the run keys, so a tick
    retried after a crash submits the same keys (deduplicated by Dagster), and a later one
    new ones.
    """

    generation: int = 0
    requested: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str | None) -> "SensorCursor":
        """Read a cursor written by `dump`; None (first tick) gives an empty one."""
        if not text:
            return cls()
        data = json.loads(text)
        return cls(int(data["generation"]), {str(k): str(v) for k, v in data["requested"].items()})

    def dump(self) -> str:
        """Serialise to the JSON string Dagster stores."""
        return json.dumps({"generation": self.generation, "requested": self.requested}, sort_keys=True)


@dg.sensor(
    jobs=[annual_reports_job, catalogue_job],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Request a run of each report year whose files changed in the inbox (new, changed, removed).",
)
def inbox_sensor(context: dg.SensorEvaluationContext, reports_dir: Inbox, duckdb: DuckDBResource) -> dg.SensorResult:
    """Request annual_reports_job for each stale year not yet requested with its current inputs."""
    cursor = SensorCursor.parse(context.cursor)
    state = evaluate_inbox(reports_dir, duckdb, MAX_PARSE_PER_TICK)
    if state.pending:
        # Too many new files to date within one tick: the catalogue asset dates them all,
        # and the next ticks read their years from the catalogue.
        digest = hashlib.sha256("\n".join(state.pending).encode()).hexdigest()[:16]
        return dg.SensorResult(
            run_requests=[dg.RunRequest(job_name=catalogue_job.name, run_key=f"catalogue-{digest}")],
            cursor=cursor.dump(),
        )
    requested = {s: d for s, d in cursor.requested.items() if s in state.stale}
    todo = [s for s in state.stale if requested.get(s) != state.digest(s)]
    if not todo:
        kept = SensorCursor(cursor.generation, requested).dump()
        return dg.SensorResult(skip_reason="No year's inputs changed.", cursor=kept)
    generation = cursor.generation + 1
    keys = scope_partitions(todo, state, report_years.get_partition_keys())
    unloadable = [s for s in todo if s not in keys and s != catalogue.UNDATED]
    if unloadable:
        context.log.warning(f"reports dated outside the partitions {report_years.start:%Y}–: {', '.join(unloadable)}")
    requested |= {s: state.digest(s) for s in todo}
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                job_name=annual_reports_job.name,
                partition_key=key,
                run_key=f"{key}-{generation}",
                tags={TRIGGER_TAG: "inbox_sensor"},
            )
            for key in keys
        ],
        cursor=SensorCursor(generation, requested).dump(),
    )
