"""A process killed (SIGKILL) inside the warehouse write leaves the previous state; the next run completes.

loader.replace_year sleeps inside its transaction, after every row is written and before the
commit, when NIANBAO_PAUSE_IN_WRITE is set: the tests kill the process there. DuckDB then
replays its write-ahead log on the next open without the uncommitted transaction.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import build_defs
from tests.production.conftest import ROOT, table_rows, year_counts
from warehouse import backfill, catalogue, loader

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WORKER = Path(__file__).with_name("partition_worker.py")
NIANBAO = Path(sys.executable).with_name("nianbao")
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _loads(database: Path) -> dict[str, str]:
    con = loader.connect(database)
    try:
        return catalogue.read_loads(con)
    finally:
        con.close()


def _kill_when_paused(proc: subprocess.Popen[str], log: Path, timeout: float = 120.0) -> None:
    """Wait until the process is inside replace_year's transaction, then SIGKILL it."""
    deadline = time.monotonic() + timeout
    while "pausing" not in log.read_text():
        assert proc.poll() is None, f"exited before the write: {log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


@pytest.fixture
def loaded(inbox: Path, tmp_path: Path) -> Path:
    """A warehouse with every year of the inbox loaded, then one 2022 report deleted from the inbox."""
    database = tmp_path / "w.duckdb"
    backfill.run_backfill(database, inbox, list(range(2008, 2026)))
    (inbox / "b" / "xifeng.txt").unlink()  # the next load of 2022 drops its rows
    return database


def test_a_backfill_killed_in_the_write_resumes(inbox: Path, loaded: Path, tmp_path: Path) -> None:
    before, loads_before = table_rows(loaded), _loads(loaded)
    log = tmp_path / "killed.log"
    args = [
        str(NIANBAO),
        "backfill",
        "--from",
        "2022",
        "--to",
        "2022",
        "--inbox",
        str(inbox),
        "--database",
        str(loaded),
    ]
    with log.open("w") as err:
        proc = subprocess.Popen(args, env={**os.environ, "NIANBAO_PAUSE_IN_WRITE": "60"}, stderr=err, text=True)
        _kill_when_paused(proc, log)

    assert table_rows(loaded) == before  # nothing of the half-done load is visible
    assert _loads(loaded) == loads_before  # and 2022 is still recorded as loaded from the old inputs
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2022: loaded, 2 reports" in done.stdout
    fresh = tmp_path / "fresh.duckdb"
    backfill.run_backfill(fresh, inbox, list(range(2008, 2026)))
    assert table_rows(loaded) == table_rows(fresh)


def test_a_dagster_run_killed_in_the_write_leaves_the_year_and_the_next_run_completes(
    inbox: Path, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    before = table_rows(loaded)
    with dg.DagsterInstance.get():
        pass  # create the instance before the worker opens it
    log = tmp_path / "worker.log"
    env = {**os.environ, "DAGSTER_HOME": str(home), "PYTHONPATH": str(ROOT), "NIANBAO_PAUSE_IN_WRITE": "60"}
    with log.open("w") as err:
        worker = subprocess.Popen(
            [sys.executable, str(WORKER), str(inbox), str(loaded)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
        assert worker.stdin is not None
        worker.stdin.write("2022\n")
        worker.stdin.flush()
        _kill_when_paused(worker, log)
    assert table_rows(loaded) == before

    with dg.DagsterInstance.get() as instance:
        (killed,) = instance.get_runs()
        assert killed.status == dg.DagsterRunStatus.STARTED  # nobody was left to record the death
        # It died holding the duckdb_writer slot: with a pool limit of 1 every later run would
        # wait for it forever. Deployed, the code server reports the run failed and the daemon
        # frees its slots (dagster.yaml run_monitoring.free_slots_after_run_end_seconds); here
        # the test does both.
        assert instance.event_log_storage.get_concurrency_run_ids() == {killed.run_id}
        instance.report_run_failed(killed)
        instance.event_log_storage.free_concurrency_slots_for_run(killed.run_id)

        job = build_defs(inbox, loaded).resolve_job_def("annual_reports_job")
        result = job.execute_in_process(partition_key="2022", instance=instance, run_config=QUIET)
        assert result.success
    assert year_counts(loaded)["reports"][2022] == 2
    assert _loads(loaded)["2022"] != ""
