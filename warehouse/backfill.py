"""Backfill report years without Dagster: catalogue the inbox, then load every stale year.

`nianbao backfill` (warehouse/commands_backfill.py) drives this module; it is plain Python over
pipeline.stages and warehouse.loader. Each year is loaded in one transaction
(loader.replace_year) and then recorded with its inputs digest and parser version
(catalogue.record_load). An interrupted backfill therefore resumes where it stopped: a year
whose inputs are those it was last loaded from is skipped, whoever loaded it (this command or
a Dagster run). A year killed before its record is simply loaded again, which gives the same
tables.

The DuckDB file has one writer: the connection is held only while writing, and a lock held by
another process (a Dagster run) is waited for, up to `wait_seconds`.
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipeline import stages
from warehouse import catalogue, loader

Status = str  # "loaded" | "up to date" | "no reports" | "failed"


@dataclass(frozen=True)
class YearPlan:
    """One year of a backfill: its files (the year's and the undated ones) and whether it is stale."""

    year: int
    files: list[Path]
    n_reports: int  # files of this year, undated ones not counted
    stale: bool


@dataclass(frozen=True)
class YearResult:
    """What happened to one year."""

    year: int
    status: Status
    n_reports: int
    seconds: float
    error: str | None = None


@dataclass(frozen=True)
class Listener:
    """Callbacks for progress display: the plan once, then each year as it finishes."""

    planned: Callable[[list[YearPlan]], None] = lambda plans: None
    finished: Callable[[YearResult], None] = lambda result: None


def connect(database: Path, wait_seconds: float = 60.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting up to `wait_seconds` while another process holds its lock."""
    deadline = time.monotonic() + wait_seconds
    delay = 0.1
    while True:
        try:
            return loader.connect(database)
        except duckdb.IOException as exc:
            # "Could not set lock on file": another writer (a Dagster run) has it open.
            if "lock" not in str(exc).lower() or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 2.0)


def plan_years(database: Path, inbox: Path, years: list[int], *, wait_seconds: float = 60.0) -> list[YearPlan]:
    """Catalogue the inbox (recording the scan) and return the plan of each year in `years`.

    A year is stale when its current inputs differ from those it was last loaded from. If only
    the undated files changed, the latest year with reports is reloaded to record them.
    """
    con = connect(database, wait_seconds)
    try:
        loader.apply_ddl(con)
        known = catalogue.read_catalogue(con)
    finally:
        con.close()
    # Parsing new files happens without holding the file lock.
    scan = catalogue.scan_inbox(inbox, known)
    con = connect(database, wait_seconds)
    try:
        catalogue.write_scan(con, scan)
        loaded = catalogue.read_loads(con)
    finally:
        con.close()
    stale = set(catalogue.stale_scopes(catalogue.inputs_hashes(scan.files), loaded))
    counts = dict(scan.files.filter(pl.col("year").is_not_null()).group_by("year").len().iter_rows())
    plans = [YearPlan(y, catalogue.files_for_year(scan.files, y), counts.get(y, 0), str(y) in stale) for y in years]
    if catalogue.UNDATED in stale and not any(p.stale for p in plans):
        with_reports = [p for p in plans if p.n_reports]
        if with_reports:
            latest = with_reports[-1]
            plans[plans.index(latest)] = YearPlan(latest.year, latest.files, latest.n_reports, stale=True)
    return plans


def load_year(database: Path, year: int, files: list[Path], *, run_id: str, wait_seconds: float = 60.0) -> int:
    """Parse `files`, replace `year` in the warehouse and record the load; return the year's report count."""
    raw = stages.read_reports(files, year=year)
    frames = stages.raw_to_frames(raw)
    con = connect(database, wait_seconds)
    try:
        loader.replace_year(con, year, **frames, run_id=run_id)
        # A kill between the two transactions leaves the year stale: it is loaded again.
        catalogue.record_load(con, year, raw, run_id=run_id)
    finally:
        con.close()
    return raw.filter(pl.col("year") == year).height


def run_backfill(
    database: Path,
    inbox: Path,
    years: list[int],
    *,
    run_id: str | None = None,
    listener: Listener | None = None,
    wait_seconds: float = 60.0,
) -> list[YearResult]:
    """Load every stale year of `years` from `inbox` into `database`; return one result per year.

    A year that fails is reported and left stale; the others still run.
    """
    listener = listener or Listener()
    run_id = run_id or f"backfill-{uuid.uuid4()}"
    plans = plan_years(database, inbox, years, wait_seconds=wait_seconds)
    listener.planned(plans)
    results = []
    for plan in plans:
        started = time.perf_counter()
        if not plan.stale:
            status = "up to date" if plan.n_reports else "no reports"
            result = YearResult(plan.year, status, plan.n_reports, 0.0)
        else:
            try:
                n = load_year(database, plan.year, plan.files, run_id=run_id, wait_seconds=wait_seconds)
                result = YearResult(plan.year, "loaded", n, time.perf_counter() - started)
            except Exception as exc:  # one bad year must not stop the others; it stays stale
                error = f"{type(exc).__name__}: {exc}"
                result = YearResult(plan.year, "failed", 0, time.perf_counter() - started, error)
        results.append(result)
        listener.finished(result)
    return results
