"""A fix for Dagster's busy wait on a busy pool, applied when the code location loads.

In dagster 1.13.27 `InstanceConcurrencyContext.interval_to_next_pending_claim_check` returns
`min([0, *(ready_at - now)])`, never above 0: the in-process executor of a run whose step waits
for a pool slot never sleeps between its claim checks, and spins a core (a 10 s wait took 10 s
of CPU) next to the run that holds the slot. Every warehouse step here is in the duckdb_writer
pool, so on two cores each wait halved the other run's CPU. The fix sleeps until the earliest
check Dagster itself scheduled; the claims are unchanged. Upstream: dagster-io/dagster#20367,
closed without being merged. Drop the method once tests/e2e/test_pool_wait.py finds the pinned
release fixed.

The first re-check of a blocked claim also comes after 0.25 s instead of 1 s (Dagster's 1.1^n
back-off follows): the pool's steps last seconds, and a slot freed just after a check stayed
idle for up to a second. In the 100k bench the runs spent 22 s between steps instead of 31-66 s.
"""

import time

from dagster._core.execution.plan import instance_concurrency_context
from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext

ORIGINAL = InstanceConcurrencyContext.interval_to_next_pending_claim_check
FIRST_RECHECK_SECONDS = 0.25


def interval_to_next_pending_claim_check(self: InstanceConcurrencyContext) -> float:
    """Return the seconds until the earliest pending claim is due for another check (0 if one is due)."""
    timeouts = self._pending_timeouts.values()
    if not self._pending_claims or not timeouts:
        return 0.0
    return max(0.0, min(timeouts) - time.time())


def apply() -> None:
    """Install the fixed method on Dagster's class (idempotent), and a first re-check after 0.25 s."""
    # Dagster re-checks a blocked claim after 1 s, then 1.1^n s more; the pool's steps here last
    # a few seconds, so a slot freed just after a check stayed idle for most of a second.
    setattr(instance_concurrency_context, "INITIAL_INTERVAL_VALUE", FIRST_RECHECK_SECONDS)  # noqa: B010 -- an int upstream
    setattr(InstanceConcurrencyContext, "interval_to_next_pending_claim_check", interval_to_next_pending_claim_check)  # noqa: B010
