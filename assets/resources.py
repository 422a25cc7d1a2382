"""Resources: the inbox the report files arrive in and the DuckDB warehouse they go to.

The paths default to the bundled sample and warehouse/nianbao.duckdb, so `make run` needs no
setup; a deployment sets NIANBAO_INBOX and NIANBAO_DATABASE (read when the Definitions are
built, see assets/definitions.py), and a single run can override either in its run config.
"""

import os
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipeline.decode import DEFAULT_MAX_BYTES
from warehouse import catalogue, loader

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS_DIR = REPO_ROOT / "data" / "sample"
DEFAULT_DATABASE = REPO_ROOT / "warehouse" / "nianbao.duckdb"
INBOX_ENV, DATABASE_ENV = "NIANBAO_INBOX", "NIANBAO_DATABASE"

# The concurrency pool of every step that opens the DuckDB file. DuckDB allows one process
# at a time on a file (even a reader takes the lock), and dagster.yaml limits this pool to
# one step at a time across all runs, so parallel runs parse in parallel and queue only for
# the file. Any new asset or check that opens the warehouse must use it.
WAREHOUSE_POOL = "duckdb_writer"


class Inbox(dg.ConfigurableResource):
    """The landing zone: a folder of report files, subfolders allowed; the year comes from each report.

    Hidden files and partial uploads (*.part, *.tmp, ...) are ignored: copy a report in under a
    temporary name and rename it when complete. A file over `max_bytes` is rejected (and
    quarantined) unread, so one huge upload can't exhaust a run's memory.
    """

    path: str = str(DEFAULT_REPORTS_DIR)
    max_bytes: int = DEFAULT_MAX_BYTES

    @property
    def root(self) -> Path:
        """The inbox folder."""
        return Path(self.path)

    def list_files(self) -> list[Path]:
        """Return every report file under the inbox, recursively, sorted by path.

        Raises FileNotFoundError if the folder is missing: a mistyped path must not look like
        a year without reports.
        """
        return [Path(stat.source) for stat in catalogue.list_inbox(self.root)]


# The resource's former name, kept for the callers that still use it.
ReportsDirectory = Inbox


def default_inbox() -> Path:
    """Return $NIANBAO_INBOX, or the bundled sample reports."""
    return Path(os.environ.get(INBOX_ENV, DEFAULT_REPORTS_DIR))


def default_database() -> Path:
    """Return $NIANBAO_DATABASE, or warehouse/nianbao.duckdb."""
    return Path(os.environ.get(DATABASE_ENV, DEFAULT_DATABASE))


def warehouse_resource(database: Path | str = DEFAULT_DATABASE) -> DuckDBResource:
    """Return the DuckDB resource of the warehouse file (default: warehouse/nianbao.duckdb)."""
    return DuckDBResource(database=str(database), connection_config=dict(loader.CONNECTION_CONFIG))
