r"""Run a one-step job whose step needs the pool `p` (limit 1), and print its run's CPU and wall time.

    python tests/e2e/pool_wait_run.py HOLD_SECONDS MARKER [--fixed]

The step touches MARKER once it holds the slot, then sleeps HOLD_SECONDS. With --fixed the
process loads the code location first, as every nianbao run worker does, which applies
assets/pool_wait_fix.py. Prints "<cpu seconds> <wall seconds>" of the run alone.
"""

import sys
import time
from pathlib import Path

import dagster as dg

if "--fixed" in sys.argv:
    import assets.definitions  # noqa: F401 -- applies the pool-wait fix, as a run worker loading it does

HOLD, MARKER = float(sys.argv[1]), Path(sys.argv[2])


@dg.op(pool="p")
def hold() -> None:
    """Hold the pool's only slot for HOLD seconds."""
    MARKER.touch()
    time.sleep(HOLD)


@dg.job
def pool_job() -> None:
    """One step in the pool."""
    hold()


if __name__ == "__main__":
    with dg.DagsterInstance.get() as instance:
        cpu, wall = time.process_time(), time.perf_counter()
        pool_job.execute_in_process(
            instance=instance, run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
        )
        print(f"{time.process_time() - cpu:.2f} {time.perf_counter() - wall:.2f}")
