"""A backfill of four years with two runs at a time: no failure, no lock conflict, right rows, twice alike.

Two worker processes (partition_worker.py) each run annual_reports_job for their share of the
years, at the same time, against one Dagster instance configured by the repository's
dagster.yaml and one DuckDB file: what the daemon's run queue does with a UI backfill, minus
the daemon. The duckdb_writer pool must keep every step that opens the file to one at a time
across the runs, while the runs themselves overlap.
"""

import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from assets.definitions import defs
from pipeline import PARSER_VERSION, stages
from tests.production.conftest import ROOT, table_rows, year_counts
from warehouse import catalogue, loader

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WORKER = Path(__file__).with_name("partition_worker.py")
# Four years, two runs at a time (dagster.yaml's max_concurrent_runs); 2019 stays unloaded.
SHARES = [["2022", "2011"], ["2021", "2017"]]
YEARS = sorted(year for share in SHARES for year in share)
POOL = "duckdb_writer"


def _expected_counts(inbox: Path) -> dict[str, dict[int, int]]:
    """Rows per year of each table, computed by the pure core alone."""
    raw = stages.read_reports([Path(s.source) for s in catalogue.list_inbox(inbox)]).filter(
        pl.col("year").is_not_null()
    )
    frames = stages.raw_to_frames(raw)
    frames["fact_cells"] = frames.pop("cells")
    frames["unread_cells"] = frames.pop("unread")
    years = [int(y) for y in YEARS]
    return {
        table: dict(frame.filter(pl.col("year").is_in(years)).group_by("year").len().iter_rows())
        for table, frame in frames.items()
    }


class Workers:
    """The worker processes, started once and given one backfill (a line of years each) at a time."""

    def __init__(self, home: Path, inbox: Path, database: Path, logs: Path) -> None:
        env = {**os.environ, "DAGSTER_HOME": str(home), "PYTHONPATH": str(ROOT)}
        # stderr goes to files: a full pipe would block a worker that nobody reads yet.
        self.logs = [logs / f"worker{i}.log" for i in range(len(SHARES))]
        self.procs = [
            subprocess.Popen(
                [sys.executable, str(WORKER), str(inbox), str(database)],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log.open("w"),
                text=True,
            )
            for log in self.logs
        ]

    def backfill(self) -> list[str]:
        """Run every share at once; return the run ids. Fails on a failed run or any lock conflict."""
        for proc, share in zip(self.procs, SHARES, strict=True):
            assert proc.stdin is not None
            proc.stdin.write(" ".join(share) + "\n")
            proc.stdin.flush()
        run_ids = []
        for proc, log in zip(self.procs, self.logs, strict=True):
            assert proc.stdout is not None
            for line in iter(proc.stdout.readline, "batch done\n"):
                assert line, f"worker exited: {log.read_text()[-4000:]}"
                year, run_id, status = line.split()
                assert status == "ok", f"{year} failed: {log.read_text()[-4000:]}"
                run_ids.append(run_id)
        errors = "".join(log.read_text() for log in self.logs)
        assert "LOCK CONFLICT" not in errors, errors[-4000:]
        assert "Could not set lock" not in errors, errors[-4000:]
        assert len(run_ids) == len(YEARS)
        return run_ids

    def close(self) -> None:
        """End the workers: EOF on stdin, then wait."""
        for proc in self.procs:
            if proc.stdin is not None:
                proc.stdin.close()
        for proc in self.procs:
            proc.wait(timeout=60)


def _pool_steps(instance: dg.DagsterInstance, run_ids: list[str], pool_ops: set[str]) -> list[tuple[float, float]]:
    """Return the (start, end) of every step of `pool_ops` in the runs, sorted."""
    wanted = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE}
    spans = []
    for run_id in run_ids:
        started: dict[str, float] = {}
        for record in instance.get_records_for_run(run_id, of_type=wanted).records:
            entry = record.event_log_entry
            if entry.step_key not in pool_ops:
                continue
            if entry.dagster_event_type == dg.DagsterEventType.STEP_START:
                started[entry.step_key] = entry.timestamp
            else:
                spans.append((started.pop(entry.step_key), entry.timestamp))
    return sorted(spans)


def test_a_parallel_backfill_twice_gives_the_same_tables(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    database = tmp_path / "warehouse.duckdb"
    # Create the instance's SQLite schema once: two processes creating it at once collide.
    # Likewise the pool's slot, which a run otherwise creates on its first claim. The two
    # workers' first steps claim it at the same moment, which is where Dagster's SQLite storage
    # gave the one slot to both (assets/pool_claim_fix.py; seen in CI and locally, a
    # report_catalogue refused by the file lock): this test fails on any such conflict.
    with dg.DagsterInstance.get() as instance:
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
        instance.event_log_storage.initialize_concurrency_limit_to_default(POOL)
        assert instance.event_log_storage.get_concurrency_info(POOL).slot_count == 1

    workers = Workers(home, inbox, database, tmp_path)
    try:
        first = workers.backfill()
        _assert_runs_overlapped_but_not_their_warehouse_steps(first)
        assert year_counts(database) == _expected_counts(inbox)
        once = table_rows(database)
        second = workers.backfill()
    finally:
        workers.close()
    assert table_rows(database) == once
    _assert_lineage(database, second)


def _assert_runs_overlapped_but_not_their_warehouse_steps(run_ids: list[str]) -> None:
    with dg.DagsterInstance.get() as instance:
        records = instance.get_run_records(dg.RunsFilter(run_ids=run_ids))
        assert {r.dagster_run.status for r in records} == {dg.DagsterRunStatus.SUCCESS}
        assert sorted(r.dagster_run.tags["dagster/partition"] for r in records) == YEARS
        # More than one run at a time...
        runs = sorted((r.start_time, r.end_time) for r in records)
        assert any(later[0] < earlier[1] for earlier, later in itertools.pairwise(runs)), runs
        # ...but never two steps on the DuckDB file at once.
        pool_ops = {n.name for n in defs.resolve_job_def("annual_reports_job").graph.node_defs if n.pool == POOL}
        assert {"report_catalogue", "warehouse_tables", "cross_year_findings"} <= pool_ops
        spans = _pool_steps(instance, run_ids, pool_ops)
        assert len(spans) >= len(YEARS) * 3
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), spans


def _assert_lineage(database: Path, run_ids: list[str]) -> None:
    """Every stored cell and finding names the run that wrote it and the parser version."""
    con = loader.connect(database)
    try:
        for table in ("fact_cells", "findings"):
            lineage = con.sql(f"SELECT DISTINCT run_id, parser_version FROM {table} WHERE year IS NOT NULL").fetchall()
            assert {run_id for run_id, _ in lineage} <= set(run_ids), table
            assert {version for _, version in lineage} == {PARSER_VERSION}, table
    finally:
        con.close()


def test_every_step_that_opens_the_warehouse_is_in_the_pool() -> None:
    # DuckDB lets one process at a time open the file; a step outside the pool would collide
    # with the other runs' warehouse steps (DuckDBResource then retries, for up to ~100 s).
    job = defs.resolve_job_def("annual_reports_job")
    outside = sorted(n.name for n in job.graph.node_defs if "duckdb" in n.required_resource_keys and n.pool != POOL)
    assert outside == [], f"add pool=WAREHOUSE_POOL (assets/resources.py) to {outside}"
