"""Resources: where the report files are read from and the DuckDB warehouse they go to."""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS_DIR = REPO_ROOT / "data" / "sample"
DEFAULT_DATABASE = REPO_ROOT / "warehouse" / "nianbao.duckdb"


class ReportsDirectory(dg.ConfigurableResource):
    """A local directory of report files; the year comes from each report, not its path."""

    path: str = str(DEFAULT_REPORTS_DIR)

    def list_files(self) -> list[Path]:
        """Return every file under `path`, recursively, sorted by path."""
        root = Path(self.path)
        # A mistyped path must not look like a year without reports.
        if not root.is_dir():
            raise FileNotFoundError(f"reports directory {root} does not exist")
        return sorted(p for p in root.rglob("*") if p.is_file())


def warehouse_resource(database: Path | str = DEFAULT_DATABASE) -> DuckDBResource:
    """Return the DuckDB resource of the warehouse file (default: warehouse/nianbao.duckdb)."""
    return DuckDBResource(database=str(database))
