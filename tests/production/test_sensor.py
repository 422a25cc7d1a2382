"""The inbox sensor requests exactly the years whose files changed; the nightly schedule adds stale years."""

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from assets.definitions import build_defs
from assets.resources import Inbox
from tests.production.conftest import REAL
from warehouse import backfill

pytestmark = pytest.mark.e2e

ALL_YEARS = list(range(2008, 2026))
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    """A throwaway Dagster instance (SQLite in a temp folder)."""
    with dg.instance_for_test() as inst:
        yield inst


def _resources(inbox: Path, database: Path) -> dict[str, object]:
    return {"reports_dir": Inbox(path=str(inbox)), "duckdb": DuckDBResource(database=str(database))}


def _tick(
    inbox: Path, database: Path, instance: dg.DagsterInstance, cursor: str | None
) -> tuple[list[dg.RunRequest], str | None]:
    defs = build_defs(inbox, database)
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources=_resources(inbox, database), definitions=defs
    )
    sensor = defs.resolve_sensor_def("inbox_sensor")
    result = sensor.evaluate_tick(context)
    return list(result.run_requests or []), result.cursor


def _keys(requests: list[dg.RunRequest]) -> list[str | None]:
    return [r.partition_key for r in requests]


def _run_ids(database: Path) -> dict[int, set[str]]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        rows = con.sql("SELECT year, run_id FROM fact_cells GROUP BY ALL").fetchall()
    finally:
        con.close()
    out: dict[int, set[str]] = {}
    for year, run_id in rows:
        out.setdefault(year, set()).add(run_id)
    return out


def test_new_files_request_exactly_their_years_and_a_second_tick_nothing(
    inbox: Path, tmp_path: Path, instance: dg.DagsterInstance
) -> None:
    database = tmp_path / "w.duckdb"
    # A fresh warehouse: every year with reports is stale.
    requests, cursor = _tick(inbox, database, instance, None)
    assert _keys(requests) == ["2011", "2017", "2019", "2021", "2022"]
    assert {r.job_name for r in requests} == {"annual_reports_job"}
    assert _tick(inbox, database, instance, cursor)[0] == []  # requested already, not yet run

    backfill.run_backfill(database, inbox, ALL_YEARS)  # the five runs complete
    requests, cursor = _tick(inbox, database, instance, cursor)
    assert requests == []
    before = _run_ids(database)

    shutil.copy(REAL / "002.txt", inbox / "c" / "arrived.txt")  # a 2023 report
    with (inbox / "a" / "2021" / "kundulun.txt").open("a", encoding="utf-8") as f:
        f.write("\n（更正）\n")
    (inbox / "c" / "pingtan-a.txt").unlink()  # 2011's only report
    requests, cursor = _tick(inbox, database, instance, cursor)
    assert _keys(requests) == ["2011", "2021", "2023"]
    assert all(r.tags["nianbao/trigger"] == "inbox_sensor" for r in requests)
    assert _tick(inbox, database, instance, cursor)[0] == []

    # Letting the requested runs happen updates exactly those years.
    job = build_defs(inbox, database).resolve_job_def("annual_reports_job")
    for request in requests:
        result = job.execute_in_process(partition_key=request.partition_key, instance=instance, run_config=QUIET)
        assert result.success
    after = _run_ids(database)
    assert 2011 not in after  # the removed file's rows went with the reload of its year
    assert len(after[2023]) == 1
    assert after[2023] != before.get(2023)
    assert after[2021] != before[2021]
    assert {y: after[y] for y in (2017, 2019, 2022)} == {y: before[y] for y in (2017, 2019, 2022)}
    assert _tick(inbox, database, instance, cursor)[0] == []


def test_a_large_drop_is_dated_by_the_catalogue_job_first(
    inbox: Path, tmp_path: Path, instance: dg.DagsterInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assets.sensors.MAX_PARSE_PER_TICK", 3)
    requests, cursor = _tick(inbox, tmp_path / "w.duckdb", instance, None)
    assert [(r.job_name, r.partition_key) for r in requests] == [("report_catalogue_job", None)]
    assert _tick(inbox, tmp_path / "w.duckdb", instance, cursor)[0][0].run_key == requests[0].run_key


def test_the_nightly_schedule_adds_stale_years_to_the_two_open_ones(inbox: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    backfill.run_backfill(database, inbox, ALL_YEARS)
    (inbox / "a" / "kangbashi.txt").unlink()  # 2017 is stale
    defs = build_defs(inbox, database)
    schedule = defs.resolve_schedule_def("nightly_reports_schedule")
    when = datetime(2026, 3, 1, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    context = dg.build_schedule_context(
        scheduled_execution_time=when, resources=_resources(inbox, database), repository_def=defs.get_repository_def()
    )
    requests = list(schedule.evaluate_tick(context).run_requests or [])
    assert _keys(requests) == ["2026", "2025", "2017"]
    assert [r.tags["nianbao/trigger"] for r in requests] == ["nightly-open-year", "nightly-open-year", "nightly-stale"]
    assert requests[2].run_key == "2026-03-01-2017"
