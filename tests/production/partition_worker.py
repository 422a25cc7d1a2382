r"""Run annual_reports_job for year partitions read from stdin, one batch per line, in this process.

    python tests/production/partition_worker.py INBOX DATABASE < "2021 2017\\n2021 2017\\n"

The production tests start several of these at once: several runs at once against one Dagster
instance ($DAGSTER_HOME, with the repository's dagster.yaml and its duckdb_writer pool) and
one DuckDB file, as the daemon's run queue launches a backfill's runs. For each line of years
it prints "<year> <run_id> ok|FAILED" per run, then "batch done"; one process serves several
backfills, so the test pays Dagster's and GX's imports once per worker.

DuckDBResource retries a connection refused by the file lock, silently; this worker reports
every such refusal on stderr ("LOCK CONFLICT in <asset functions>"), so that a test can tell
"no failure" from "no contention".
"""

import sys
import traceback
from typing import Any

import dagster as dg
import duckdb

from assets.definitions import build_defs

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
_connect = duckdb.connect


def _connect_reporting_lock_conflicts(*args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
    try:
        return _connect(*args, **kwargs)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            where = [f.name for f in traceback.extract_stack() if "/assets/" in f.filename]
            print(f"LOCK CONFLICT in {where}: {exc}", file=sys.stderr, flush=True)
        raise


def main(argv: list[str]) -> int:
    """Run each batch of years read from stdin; return 0 if every run succeeded."""
    inbox, database = argv
    # dagster_duckdb calls duckdb.connect through the module attribute.
    duckdb.connect = _connect_reporting_lock_conflicts
    job = build_defs(inbox, database).resolve_job_def("annual_reports_job")
    failed = False
    with dg.DagsterInstance.get() as instance:
        for line in sys.stdin:
            for year in line.split():
                result = job.execute_in_process(
                    partition_key=year, instance=instance, raise_on_error=False, run_config=QUIET
                )
                print(f"{year} {result.run_id} {'ok' if result.success else 'FAILED'}", flush=True)
                failed |= not result.success
            print("batch done", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
