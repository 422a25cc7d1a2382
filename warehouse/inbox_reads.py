"""Reading the inbox's new and changed files for the catalogue: hashes, and identities of new content.

A first scan of a national inbox, or a year's reports arriving at once, means 10^5 files to
read: each is then read once, hashed and identified by one of a process per core. Hashing
100,000 files first in the scanning process took 7 s, with the other cores idle.
A handful of files stays in this process (a worker costs a second to start). Either way the
files are hinted to the kernel ahead of their reads (pipeline.readahead).
"""

import multiprocessing
import os
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, TypeVar

from pipeline.collector import collector_paused
from pipeline.decode import DEFAULT_MAX_BYTES
from pipeline.intake import identify_input, identify_loaded, read_file, source_name
from pipeline.model import Report
from pipeline.readahead import read_ahead

# Files per worker from which reading is spread over processes.
PARALLEL_FROM = 2000
# Files a worker takes at a time; the read-ahead stays a chunk per worker, and one more, ahead.
MAX_CHUNK = 1000
# Files read ahead of a reader in this process (pipeline.readahead).
READ_AHEAD_FILES = 64
T = TypeVar("T")


@dataclass(frozen=True)
class Reading:
    """A file's sha256, and its identity if it was identified in the same read (None otherwise)."""

    sha256: str
    identity: Report | None = None


def read_changed(
    paths: list[Path], seen: Collection[str], max_bytes: int = DEFAULT_MAX_BYTES, *, identify: bool = True
) -> list[Reading | None]:
    """Hash every file, in order; None for one gone or unreadable since it was listed.

    With `identify`, a bulk of files is also identified in the same read unless its content is
    in `seen` (already catalogued). Otherwise, and for a handful, identities are left to
    `identify_all`, for content the caller has not seen.
    """
    workers = _workers(len(paths)) if identify else 1
    if workers < 2:
        return _in_this_process(_read, paths, repeat(max_bytes), repeat(False))
    return _on_every_core(workers, frozenset(seen), _read, paths, repeat(max_bytes), repeat(True))


def identify_all(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[Report]:
    """Identify every file, in order (rejected with the reason if unusable); a large batch on every core."""
    workers = _workers(len(paths))
    if workers < 2:
        return _in_this_process(identify_input, paths, repeat(max_bytes))
    return _on_every_core(workers, frozenset(), identify_input, paths, repeat(max_bytes))


def _workers(n_files: int) -> int:
    return min(os.cpu_count() or 1, n_files // PARALLEL_FROM)


def _in_this_process(fn: Callable[..., T], paths: list[Path], *args: Iterable[Any]) -> list[T]:
    """Map `fn` over the paths (and `args`) here, in order, with the next files read ahead."""
    out: list[T] = []
    with read_ahead(paths, READ_AHEAD_FILES) as ahead:
        for result in map(fn, paths, *args):
            out.append(result)
            ahead.done()
    return out


def _on_every_core(
    workers: int, seen: frozenset[str], fn: Callable[..., T], paths: list[Path], *args: Iterable[Any]
) -> list[T]:
    """Map `fn` over the paths (and `args`) on `workers` processes, in order, each knowing `seen`."""
    chunk = max(1, min(MAX_CHUNK, len(paths) // (workers * 8)))
    # spawn: a forked child of a multi-threaded process (Dagster's, DuckDB's) can deadlock.
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_remember_seen, initargs=(seen,))
    out: list[T] = []
    # Results come back a chunk at a time, in order, while every worker reads its own chunk:
    # the hints cover those chunks and the next one.
    # Collecting 10^5 results, this process spent 2.5 s of CPU, taken from its workers, in the
    # collector's passes over them: they make no cycles.
    with pool, collector_paused(), read_ahead(paths, (workers + 1) * chunk) as ahead:
        for result in pool.map(fn, paths, *args, chunksize=chunk):
            out.append(result)
            ahead.done()
    return out


# The content already catalogued, set once per worker process by the pool's initializer.
_seen: frozenset[str] = frozenset()


def _remember_seen(seen: frozenset[str]) -> None:
    global _seen
    _seen = seen


def _read(path: Path, max_bytes: int, identify: bool) -> Reading | None:
    try:
        sha, data, reason = read_file(path, max_bytes)
    except OSError:  # gone or unreadable since it was listed
        return None
    if not identify or sha in _seen:
        return Reading(sha)
    return Reading(sha, identify_loaded(source_name(path), sha, data, reason, max_bytes))
