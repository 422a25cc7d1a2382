"""The report catalogue: every file of the inbox, recorded in the warehouse, read by the year partitions.

`report_catalogue` is unpartitioned and upstream of `raw_reports`. Every year run refreshes it
first, which costs a directory listing when nothing changed (size and mtime decide; content is
hashed only when they differ, and parsed only when never seen), so a year always reads the files
catalogued for it, and the sensor and the schedule compare the catalogue with what each year
was last loaded from. The logic is warehouse/catalogue.py; this module is the Dagster shell.
"""

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.checks_metadata import frame_to_markdown
from assets.resources import WAREHOUSE_POOL, Inbox
from pipeline import PARSER_VERSION
from warehouse import catalogue, loader

# io_manager_def is beta in dagster 1.13. It binds the IO manager to this one asset, so every
# run and test that materialises the catalogue reads it back the same way, with no resource
# key to supply; silence only that message.
warnings.filterwarnings(
    "ignore", message=r"Parameter `io_manager_def` of function `asset` is currently in beta", category=dg.BetaWarning
)

CATALOGUE_FILE = "report_catalogue.parquet"
MAX_LISTED_PATHS = 50


class CatalogueIOManager(dg.ConfigurableIOManager):
    """Keep the catalogue frame as one Parquet file in the Dagster instance's storage folder.

    Parallel year runs each refresh the catalogue while the others read it. The file is written
    under a temporary name and renamed over the old one, so a reader sees a whole catalogue,
    old or new; the default pickle IO manager writes in place.
    """

    file_name: str = CATALOGUE_FILE

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame) -> None:
        """Write the frame atomically (temporary file, then rename)."""
        path = Path(context.step_context.instance.storage_directory()) / self.file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        obj.write_parquet(tmp)
        tmp.replace(path)

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        """Read the latest catalogue written on this instance."""
        return pl.read_parquet(Path(context.instance.storage_directory()) / self.file_name)


@dg.asset(
    group_name="raw",
    pool=WAREHOUSE_POOL,
    io_manager_def=CatalogueIOManager(),
    kinds={"duckdb"},
)
def report_catalogue(
    context: dg.AssetExecutionContext, reports_dir: Inbox, duckdb: DuckDBResource
) -> dg.Output[pl.DataFrame]:
    """Catalogue every file of the inbox: path, size, sha256, year, agency, era; flag removed ones.

    Output: the catalogue table (warehouse.catalogue.KNOWN_SCHEMA), removed files included.
    """
    with duckdb.get_connection() as con:
        loader.apply_ddl(con)
        known = catalogue.read_catalogue(con)
    # New content is parsed here, outside the connection, so the file lock is held only to write.
    scan = catalogue.scan_inbox(reports_dir.root, known, max_bytes=reports_dir.max_bytes)
    with duckdb.get_connection() as con:
        catalogue.write_scan(con, scan)
        # Unchanged, the catalogue is what was read above (last_seen is not among its columns).
        stored = known if scan.unchanged else catalogue.read_catalogue(con)
        loaded = catalogue.read_loads(con)
    stale = catalogue.stale_scopes(catalogue.inputs_hashes(scan.files), loaded)
    context.log.info(
        f"{scan.files.height} files: {len(scan.new)} new, {len(scan.changed)} changed, "
        f"{len(scan.removed)} removed; stale: {', '.join(stale) or 'none'}"
    )
    return dg.Output(
        stored,
        metadata={
            "n_files": scan.files.height,
            "n_new": len(scan.new),
            "n_changed": len(scan.changed),
            "n_removed": len(scan.removed),
            "n_unchanged": scan.n_unchanged,
            "n_parsed": scan.n_parsed,
            "parser_version": PARSER_VERSION,
            "stale_scopes": ", ".join(stale) or "none",
            "changes": dg.MetadataValue.md(_changes_markdown(scan)),
            "files_per_year": dg.MetadataValue.md(frame_to_markdown(_files_per_year(scan.files))),
        },
    )


def _changes_markdown(scan: catalogue.Scan) -> str:
    rows = [("new", p) for p in scan.new] + [("changed", p) for p in scan.changed]
    rows += [("removed", p) for p in scan.removed]
    frame = pl.DataFrame(rows, schema={"change": pl.String(), "path": pl.String()}, orient="row")
    return frame_to_markdown(frame, MAX_LISTED_PATHS) if rows else "No file added, changed or removed."


def _files_per_year(files: pl.DataFrame) -> pl.DataFrame:
    return (
        files.group_by("year")
        .agg(n_files=pl.len(), n_rejected=(pl.col("status") == "rejected").sum())
        .sort("year", nulls_last=True)
    )


catalogue_job = dg.define_asset_job(
    "report_catalogue_job",
    selection=[report_catalogue],
    description="Refresh the inbox catalogue alone (the sensor's fallback when many new files arrive at once).",
)


@dataclass(frozen=True)
class InboxState:
    """The inbox against the warehouse, as the sensor and the schedule see it."""

    current: dict[str, catalogue.InputSet]  # scope -> digest of the files now in the inbox
    stale: list[str]  # scopes whose inputs differ from those they were last loaded from
    pending: list[str]  # files not identified within the parse budget

    def digest(self, scope: str) -> str:
        """Return the scope's current inputs digest ("" when it has no file)."""
        return self.current[scope].digest if scope in self.current else ""


def evaluate_inbox(inbox: Inbox, duckdb: DuckDBResource, max_parse: int | None) -> InboxState:
    """Compare the inbox with the catalogue and the loads recorded in the warehouse; write nothing.

    Files unchanged since they were catalogued are not read; new content is parsed, at most
    `max_parse` files (the rest are `pending`, left to the catalogue asset).
    """
    with duckdb.get_connection() as con:
        known = catalogue.read_catalogue(con)
        loaded = catalogue.read_loads(con)
    scan = catalogue.scan_inbox(inbox.root, known, max_parse=max_parse, max_bytes=inbox.max_bytes)
    current = catalogue.inputs_hashes(scan.files)
    return InboxState(current, catalogue.stale_scopes(current, loaded), scan.pending)


def scope_partitions(scopes: list[str], state: InboxState, partition_keys: Sequence[str]) -> list[str]:
    """Return the year partitions that reload `scopes`, in order, each once.

    'undated' files are recorded by every year's load: the latest year with files takes them.
    Years outside the partitions (a report dated 2031 by its text) have no partition to load.
    """
    valid = set(partition_keys)
    keys = [s for s in scopes if s in valid]
    if catalogue.UNDATED in scopes and partition_keys:
        with_files = [s for s in state.current if s in valid]
        keys.append(max(with_files, key=int) if with_files else partition_keys[-1])
    return list(dict.fromkeys(keys))
