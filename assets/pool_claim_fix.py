"""A fix for two runs both claiming the one duckdb_writer slot, applied when the code location loads.

In dagster 1.13.27 `SqlEventLogStorage._claim_concurrency_slot` selects a free slot row
`FOR UPDATE SKIP LOCKED`, then sets its run and step `WHERE id = <that row>`. SQLite, the
storage of a single-machine instance, has no row locks: two run workers claiming at the same
moment both read the slot as free and both write it, and both steps run. Seen in the parallel
backfill test: two report_catalogue steps opened the DuckDB file at once and one was refused
by its lock (DuckDBResource retries for about 100 s, so a long load beside it fails the run).
The fix writes the slot only if it is still free, a compare-and-set that a single SQLite
statement makes atomic; the loser gets BLOCKED and re-checks like any waiting step. Drop it
once tests/e2e/test_pool_claim.py finds the pinned release fixed.
"""

from typing import Any

import sqlalchemy as db
from dagster._core.storage.event_log.schema import ConcurrencySlotsTable
from dagster._core.storage.event_log.sql_event_log import SqlEventLogStorage
from dagster._utils.concurrency import ConcurrencySlotStatus

ORIGINAL = SqlEventLogStorage._claim_concurrency_slot


def claim_free_slot(self: Any, concurrency_key: str, run_id: str, step_key: str) -> ConcurrencySlotStatus:
    """Give the step a free slot of the pool, only if no other step took it since it was read."""
    slots = ConcurrencySlotsTable
    with self.index_connection() as conn:
        row = conn.execute(
            db.select(slots.c.id)
            .where(slots.c.concurrency_key == concurrency_key, slots.c.step_key.is_(None), slots.c.deleted.is_(False))
            .with_for_update(skip_locked=True)
            .limit(1)
        ).fetchone()
        if row is None:
            return ConcurrencySlotStatus.BLOCKED
        still_free = db.and_(slots.c.id == row[0], slots.c.step_key.is_(None))
        taken = conn.execute(slots.update().values(run_id=run_id, step_key=step_key).where(still_free)).rowcount
        return ConcurrencySlotStatus.CLAIMED if taken else ConcurrencySlotStatus.BLOCKED


def apply() -> None:
    """Install the compare-and-set claim on Dagster's SQL storage class (idempotent)."""
    setattr(SqlEventLogStorage, "_claim_concurrency_slot", claim_free_slot)  # noqa: B010
