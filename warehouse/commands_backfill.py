"""`nianbao backfill`: load past report years into the warehouse, resumably, with progress.

    nianbao backfill --from 2008 --to 2025 [--inbox DIR] [--database PATH]

On a terminal the progress is one redrawn bar; otherwise (logs, CI) one plain line per year.
Exit code 0 when every year is loaded or up to date, 1 if a year failed (it stays stale, so
running the command again retries it and skips the rest).
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from pipeline import PARSER_VERSION
from warehouse.backfill import Listener, YearPlan, YearResult, run_backfill

REPO_ROOT = Path(__file__).resolve().parents[1]
# The same defaults, and the same environment variables, as the Dagster definitions.
INBOX_ENV, DATABASE_ENV = "NIANBAO_INBOX", "NIANBAO_DATABASE"
DEFAULT_INBOX = REPO_ROOT / "data" / "sample"
DEFAULT_DATABASE = REPO_ROOT / "warehouse" / "nianbao.duckdb"
FIRST_YEAR = 2008
BAR_WIDTH = 24


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    """Add the backfill subcommand."""
    p = sub.add_parser(
        "backfill",
        help="load past report years into the warehouse (resumes: years already loaded are skipped)",
        description="Catalogue the inbox, then load every stale year of the range into the DuckDB warehouse.",
    )
    p.add_argument("--from", dest="year_from", type=int, default=FIRST_YEAR, help=f"first year (default {FIRST_YEAR})")
    p.add_argument("--to", dest="year_to", type=int, default=date.today().year, help="last year (default: this year)")
    p.add_argument("--inbox", type=Path, default=None, help=f"report folder (default ${INBOX_ENV} or data/sample)")
    p.add_argument("--database", type=Path, default=None, help=f"DuckDB file (default ${DATABASE_ENV} or warehouse/)")
    p.add_argument("--wait", type=float, default=60.0, help="seconds to wait for another writer's lock (default 60)")
    p.set_defaults(run=backfill_command)


def backfill_command(args: argparse.Namespace) -> int:
    """Run the backfill over the requested years; print progress and a summary."""
    if args.year_from > args.year_to:
        print(f"nianbao backfill: --from {args.year_from} is after --to {args.year_to}", file=sys.stderr)
        return 2
    inbox = (args.inbox or Path(os.environ.get(INBOX_ENV, DEFAULT_INBOX))).resolve()
    database = (args.database or Path(os.environ.get(DATABASE_ENV, DEFAULT_DATABASE))).resolve()
    if not inbox.is_dir():
        print(f"nianbao backfill: inbox {inbox} is not a directory", file=sys.stderr)
        return 2
    progress = Progress(sys.stdout)
    print(f"Backfill {args.year_from}–{args.year_to} from {inbox} into {database} (parser {PARSER_VERSION})")
    results = run_backfill(
        database,
        inbox,
        list(range(args.year_from, args.year_to + 1)),
        listener=Listener(planned=progress.planned, finished=progress.finished),
        wait_seconds=args.wait,
    )
    progress.summary(results)
    return 1 if any(r.status == "failed" for r in results) else 0


class Progress:
    """Years done, reports per second and time left: a redrawn bar on a TTY, plain lines otherwise."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self.started = time.perf_counter()
        self.total_years = 0
        self.years_done = 0
        self.reports_todo = 0
        self.reports_done = 0
        self.load_seconds = 0.0

    def planned(self, plans: list[YearPlan]) -> None:
        """Announce what will be loaded and what is skipped."""
        self.total_years = len(plans)
        stale = [p for p in plans if p.stale]
        self.reports_todo = sum(p.n_reports for p in stale)
        skipped = len(plans) - len(stale)
        catalogued = time.perf_counter() - self.started
        self._print(
            f"Inbox catalogued in {catalogued:.1f} s; {len(stale)} year(s) to load "
            f"({_reports(self.reports_todo)}), {skipped} up to date or empty"
        )

    def finished(self, result: YearResult) -> None:
        """Count a finished year and show the progress."""
        self.years_done += 1
        if result.status == "loaded":
            self.reports_done += result.n_reports
            self.load_seconds += result.seconds
        if self.tty:
            if result.status == "failed":
                self._print(f"{result.year}: FAILED: {result.error}")
            self._draw_bar()
        else:
            what = f"{result.status}, {_reports(result.n_reports)} in {result.seconds:.1f} s"
            if result.status == "failed":
                what = f"FAILED: {result.error}"
            elif result.status != "loaded":
                what = result.status
            self._print(f"{result.year}: {what} | {self.status_text()}")

    def status_text(self) -> str:
        """Return 'N/M years, R reports/s, T left'."""
        rate = self.reports_done / self.load_seconds if self.load_seconds else 0.0
        left = self.reports_todo - self.reports_done
        if left <= 0:
            return f"{self.years_done}/{self.total_years} years, {rate:.1f} reports/s, done"
        eta = f"{_duration(left / rate)} left" if rate else "time left: measuring"
        return f"{self.years_done}/{self.total_years} years, {rate:.1f} reports/s, {eta}"

    def summary(self, results: list[YearResult]) -> None:
        """Print the totals once every year is done."""
        if self.tty:
            self.out.write("\n")
        counts: dict[str, int] = {}
        for r in results:
            counts[r.status] = counts.get(r.status, 0) + 1
        elapsed = time.perf_counter() - self.started
        # Overall, cataloguing included: new content is parsed there first.
        rate = self.reports_done / elapsed if elapsed else 0.0
        parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self._print(
            f"Done in {_duration(elapsed)}: {len(results)} years ({parts}); "
            f"{_reports(self.reports_done)} loaded, {rate:.1f} reports/s overall"
        )

    def _draw_bar(self) -> None:
        filled = BAR_WIDTH * self.years_done // max(self.total_years, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        # \r and erase-line redraw the same line; the final newline comes from summary().
        self.out.write(f"\r\x1b[2K[{bar}] {self.status_text()}")
        self.out.flush()

    def _print(self, line: str) -> None:
        if self.tty:
            self.out.write("\r\x1b[2K")
        print(line, file=self.out, flush=True)


def _reports(n: int) -> str:
    return f"{n} report" if n == 1 else f"{n} reports"


def _duration(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}" if whole >= 60 else f"{whole} s"
