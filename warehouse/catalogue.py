"""The inbox catalogue: which report files exist, what they hold, and which years are stale.

A scan compares the inbox with the stored catalogue. A file whose size and mtime are
unchanged is taken as catalogued, without reading it; any other file is hashed, and only
content never seen before is identified (its year, agency and era; `pipeline.identify`). Staleness is decided per
scope, a report year ("2021") or "undated" for files whose year can't be read, by comparing a
digest of the scope's current inputs (each file's source and sha256, plus the parser
version) with the digest recorded when the scope was last loaded (table input_loads).

Used by the report_catalogue asset, the inbox sensor, the nightly schedule and
`nianbao backfill`; SQL lives in warehouse/catalogue/*.sql.
"""

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any

import duckdb
import polars as pl

from pipeline import PARSER_VERSION
from pipeline.decode import DEFAULT_MAX_BYTES
from pipeline.model import Report
from warehouse import loader
from warehouse.inbox_reads import identify_all, read_changed

UNDATED = "undated"
# Files still being written, and editor or browser leftovers. A report should be copied in
# as NAME.part and renamed when complete, so a half-written file is never catalogued.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".swp")

FILES_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String(),
    "source": pl.String(),
    "size": pl.Int64(),
    "mtime_ns": pl.Int64(),
    "sha256": pl.String(),
    "year": pl.Int64(),
    "agency": pl.String(),
    "era": pl.String(),
    "status": pl.String(),
}
KNOWN_SCHEMA: dict[str, pl.DataType] = {**FILES_SCHEMA, "removed": pl.Boolean(), "first_seen": pl.Datetime("us")}
_META = ("year", "agency", "era", "status")


@dataclass(frozen=True)
class FileStat:
    """One file of the inbox as listed: no content read yet."""

    path: str  # relative to the inbox, '/'-separated: the catalogue key
    source: str  # the path the pipeline reads and reports.source records
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Scan:
    """The inbox compared with the catalogue. `files` has FILES_SCHEMA, one row per file now present."""

    files: pl.DataFrame
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    n_unchanged: int = 0
    n_parsed: int = 0
    # Files present but not identified because the parse budget ran out (sensor ticks only).
    pending: list[str] = field(default_factory=list)
    # Files read because their path, size or mtime differed from the catalogue (new ones too).
    n_read: int = 0

    @property
    def unchanged(self) -> bool:
        """Return True if every file is as catalogued (path, size, mtime) and none has gone."""
        return not (self.n_read or self.removed or self.pending)


@dataclass(frozen=True)
class InputSet:
    """The inputs of one scope: a digest of its (source, sha256) pairs and parser version."""

    digest: str
    n_files: int


def list_inbox(root: Path) -> list[FileStat]:
    """List every report file under `root`, recursively, sorted by path.

    Hidden files and folders (".name") and partial uploads (PARTIAL_SUFFIXES) are skipped.
    A missing inbox raises FileNotFoundError: a mistyped path must not look like an empty inbox.
    """
    if not root.is_dir():
        raise FileNotFoundError(f"inbox {root} does not exist or is not a directory")
    base = str(root)
    prefix = "" if base == "." else base.rstrip(os.sep) + os.sep
    stats = []
    # os.walk and plain strings, not Path.rglob: every year run lists a national inbox (10^5 files).
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel_dir = os.path.relpath(dirpath, base)
        head = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        for name in filenames:
            if name.startswith(".") or name.endswith(PARTIAL_SUFFIXES):
                continue
            rel = head + name
            source = prefix + rel.replace("/", os.sep)
            try:
                st = os.stat(source)  # noqa: PTH116 -- a Path per file is most of a 10^5-file listing
            except OSError:  # removed between listing and stat
                continue
            if S_ISREG(st.st_mode):
                stats.append(FileStat(rel, source, st.st_size, st.st_mtime_ns))
    return sorted(stats, key=lambda s: s.path)


def scan_inbox(
    root: Path, known: pl.DataFrame, *, max_parse: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Scan:
    """Compare the inbox at `root` with the catalogue rows `known` (KNOWN_SCHEMA).

    Identifies (year, agency, era; no tables read) only content whose sha256 the catalogue has
    never seen, at most `max_parse` files (None: no limit); the rest are listed in `pending`. A
    file over `max_bytes` is recorded as rejected without being read, as the year's load will
    reject it.
    """
    stats = list_inbox(root)
    listed = pl.DataFrame(
        [[s.path for s in stats], [s.source for s in stats], [s.size for s in stats], [s.mtime_ns for s in stats]],
        schema={k: FILES_SCHEMA[k] for k in ("path", "source", "size", "mtime_ns")},
        orient="col",
    )
    old = known.select("path", "removed", old_sha=pl.col("sha256"), old_key=pl.struct("size", "mtime_ns", "source"))
    listed = listed.join(old, on="path", how="left", maintain_order="left").with_columns(
        same=pl.col("old_key") == pl.struct("size", "mtime_ns", "source")
    )
    # Only files whose size, mtime or path changed are read: a national inbox is mostly unchanged.
    seen_sha = set(known["sha256"].to_list())
    unknown: dict[str, FileStat] = {}  # sha256 -> the first file holding that new content
    identities: dict[str, Report] = {}  # sha256 -> identity, for new content identified as it was hashed
    pending: list[str] = []
    shas = listed["old_sha"].to_list()
    keep = [True] * len(stats)
    to_read = (~listed["same"].fill_null(value=False)).arg_true().to_list()
    readings = read_changed([Path(stats[i].source) for i in to_read], seen_sha, max_bytes, identify=max_parse is None)
    for i, reading in zip(to_read, readings, strict=True):
        st = stats[i]
        if reading is None:  # gone or unreadable since it was listed: the next scan sees it again
            keep[i] = False
            continue
        sha = shas[i] = reading.sha256
        if sha not in seen_sha and sha not in unknown:
            if max_parse is not None and len(unknown) >= max_parse:
                pending.append(st.path)
                keep[i] = False
                continue
            unknown[sha] = st
            if reading.identity is not None:
                identities[sha] = reading.identity
    rest = [sha for sha in unknown if sha not in identities]
    identities |= dict(zip(rest, identify_all([Path(unknown[sha].source) for sha in rest], max_bytes), strict=True))
    identified = [identities[sha] for sha in unknown]
    meta = pl.concat(
        [
            known.select("sha256", *_META).unique("sha256", keep="first"),
            pl.DataFrame(
                [
                    {"sha256": sha, "year": r.year, "agency": r.agency, "era": r.era, "status": r.status}
                    for sha, r in zip(unknown, identified, strict=True)
                ],
                schema={k: FILES_SCHEMA[k] for k in ("sha256", *_META)},
            ),
        ]
    )
    present = listed.with_columns(sha256=pl.Series(shas, dtype=pl.String())).filter(pl.Series(keep))
    files = present.join(meta, on="sha256", how="left", maintain_order="left").select(list(FILES_SCHEMA))
    is_new = pl.col("old_sha").is_null() | pl.col("removed")
    new = present.filter(is_new)["path"].to_list()  # first seen, or back in the inbox
    changed = present.filter(~is_new & (pl.col("old_sha") != pl.col("sha256")))["path"].to_list()
    gone = known.filter(~pl.col("removed")).join(listed.select("path"), on="path", how="anti")
    n_unchanged = files.height - len(new) - len(changed)
    return Scan(files, new, changed, gone["path"].to_list(), n_unchanged, len(unknown), pending, len(to_read))


def read_catalogue(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Return every catalogued file, removed ones included (KNOWN_SCHEMA); empty before the first scan."""
    if not loader.has_table(con, "catalogue"):
        return pl.DataFrame(schema=KNOWN_SCHEMA)
    return con.sql(loader.sql("catalogue/read")).pl().cast(KNOWN_SCHEMA)  # type: ignore[arg-type]


def write_scan(con: duckdb.DuckDBPyConnection, scan: Scan, now: datetime | None = None) -> None:
    """Record the scan in the catalogue, in one transaction: upsert present files, flag missing ones removed."""
    if scan.pending:
        # A pending file is present: writing this scan would flag it removed.
        raise ValueError(f"scan has {len(scan.pending)} unidentified file(s); scan without a parse budget")
    params = {"now": now or loader.now_utc()}
    if scan.unchanged:
        # Every year run refreshes the catalogue: 0.3 s of upserting 10^5 rows, in the warehouse pool.
        _in_transaction(con, {}, ["stamp_seen"], params)
        return
    _in_transaction(con, {"incoming_catalogue": scan.files}, ["upsert", "mark_removed"], params)


def inputs_hashes(files: pl.DataFrame, parser_version: str = PARSER_VERSION) -> dict[str, InputSet]:
    """Digest the inputs of each scope of `files` (columns source, sha256, year).

    The digest covers the parser version and the sorted (source, sha256) pairs: a new,
    changed, moved or removed file, or a new parser, changes it.
    """
    scoped = files.select("source", "sha256", scope=_scope_expr())
    out: dict[str, InputSet] = {}
    for (scope,), group in scoped.group_by("scope"):
        pairs = sorted(f"{s}\t{h}" for s, h in group.select("source", "sha256").iter_rows())
        text = "\n".join([f"parser {parser_version}", *pairs])
        out[str(scope)] = InputSet(hashlib.sha256(text.encode()).hexdigest(), len(pairs))
    return out


def read_loads(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Return scope -> inputs digest of the last load of each scope; empty before the first load."""
    if not loader.has_table(con, "input_loads"):
        return {}
    return dict(con.sql(loader.sql("catalogue/loads")).fetchall())


def stale_scopes(current: dict[str, InputSet], loaded: dict[str, str]) -> list[str]:
    """Return the scopes whose current inputs differ from those last loaded, years first, ascending.

    A scope with files that was never loaded is stale; one whose files are all gone is stale
    until a load empties it (recorded as the empty digest "").
    """
    scopes = set(current) | {s for s, digest in loaded.items() if digest}
    stale = [s for s in scopes if (current[s].digest if s in current else "") != loaded.get(s)]
    return sorted(stale, key=scope_sort_key)


def scope_sort_key(scope: str) -> tuple[int, int]:
    """Sort report years ascending, then 'undated'."""
    return (1, 0) if scope == UNDATED else (0, int(scope))


def files_for_year(files: pl.DataFrame, year: int) -> list[Path]:
    """Return the paths a year's load reads: the year's present files and every undated one.

    Undated files (their year can't be read) belong to no year, so every load records them.
    """
    present = ~pl.col("removed") if "removed" in files.columns else pl.lit(value=True)
    wanted = files.filter(present & ((pl.col("year") == year) | pl.col("year").is_null()))
    return [Path(s) for s in wanted.sort("path")["source"]]


def record_load(
    con: duckdb.DuckDBPyConnection,
    year: int,
    loaded: pl.DataFrame,
    *,
    run_id: str,
    parser_version: str = PARSER_VERSION,
    now: datetime | None = None,
) -> None:
    """Record that `year` (and the undated files) were loaded from `loaded` (source, sha256, year).

    One transaction: the inputs digest of the year and of 'undated', and the processing stamps
    of the catalogue rows whose content was loaded.
    """
    files = loaded.filter((pl.col("year") == year) | pl.col("year").is_null()).select("source", "sha256", "year")
    digests = {str(year): InputSet("", 0), UNDATED: InputSet("", 0)} | inputs_hashes(files, parser_version)
    scopes = pl.DataFrame(
        [{"scope": s, "inputs_hash": d.digest, "n_files": d.n_files} for s, d in digests.items()],
        schema={"scope": pl.String(), "inputs_hash": pl.String(), "n_files": pl.Int64()},
    )
    params = {"now": now or loader.now_utc(), "parser_version": parser_version, "run_id": run_id}
    _in_transaction(con, {"loaded_files": files, "loaded_scopes": scopes}, ["stamp_loaded", "record_load"], params)


def _scope_expr() -> pl.Expr:
    return pl.when(pl.col("year").is_null()).then(pl.lit(UNDATED)).otherwise(pl.col("year").cast(pl.String))


def _in_transaction(
    con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame], statements: list[str], params: dict[str, Any]
) -> None:
    """Register `frames` as views, run catalogue/<statement>.sql files in one transaction, unregister."""
    for view, frame in frames.items():
        con.register(view, frame.to_arrow())
    try:
        con.begin()
        try:
            for name in statements:
                text = loader.sql(f"catalogue/{name}")
                # DuckDB rejects parameters a statement does not use.
                con.execute(text, {k: v for k, v in params.items() if f"${k}" in text}).fetchall()
            con.commit()
        except BaseException:
            con.rollback()
            raise
    finally:
        for view in frames:
            con.unregister(view)
