"""assets/pool_wait_fix.py: a run waiting for a pool slot sleeps, and the pinned Dagster still needs the fix."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext

from assets import pool_wait_fix

ROOT = Path(__file__).resolve().parents[2]
RUN = Path(__file__).with_name("pool_wait_run.py")
INSTANCE = "concurrency:\n  pools:\n    default_limit: 1\n    granularity: op\ntelemetry:\n  enabled: false\n"


def _waiting_for(seconds: float) -> InstanceConcurrencyContext:
    ctx = object.__new__(InstanceConcurrencyContext)  # only the state the method reads
    ctx._pending_claims = {"step"}
    ctx._pending_timeouts = {"step": time.time() + seconds}
    return ctx


def test_the_pinned_dagster_still_never_sleeps_before_a_pending_claim_check() -> None:
    # Fails once Dagster fixes its method: then delete assets/pool_wait_fix.py and this file.
    assert pool_wait_fix.ORIGINAL(_waiting_for(2.0)) <= 0


def test_the_fix_sleeps_until_the_next_check_and_not_past_a_due_one() -> None:
    assert 1.5 < pool_wait_fix.interval_to_next_pending_claim_check(_waiting_for(2.0)) <= 2.0
    assert pool_wait_fix.interval_to_next_pending_claim_check(_waiting_for(-1.0)) == 0.0


@pytest.mark.e2e
def test_a_run_waiting_for_the_pool_in_a_run_worker_barely_uses_the_cpu(tmp_path: Path) -> None:
    (tmp_path / "dagster.yaml").write_text(INSTANCE, encoding="utf-8")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    marker = tmp_path / "holding"
    holder = subprocess.Popen(
        [sys.executable, str(RUN), "6", str(marker)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert holder.poll() is None, "the holding run ended without taking the slot"
            assert time.monotonic() < deadline, "the holding run never took the slot"
            time.sleep(0.05)
        out = subprocess.run(
            [sys.executable, str(RUN), "0", str(tmp_path / "waiter"), "--fixed"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        holder.wait(timeout=60)
    cpu, wall = map(float, out.split())
    assert wall > 2.0  # it did wait for the slot
    assert cpu < 0.3 * wall  # unfixed, the wait spins: cpu ≈ wall


def test_a_blocked_claim_is_first_checked_again_after_a_quarter_second() -> None:
    from dagster._core.execution.plan import instance_concurrency_context as upstream

    pool_wait_fix.apply()
    first = [upstream._calculate_timeout_interval(None, n) for n in range(3)]
    assert first == pytest.approx([0.25, 0.35, 0.46], abs=0.01)  # then Dagster's own 1.1^n back-off
