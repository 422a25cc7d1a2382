"""Write a synthetic corpus: files under DIR/reports/, the truth in DIR/truth.jsonl, DIR/meta.json.

The plan (which agency reports which years) is drawn from the seed alone, then agencies are
rendered in worker processes; each report's randomness comes from (seed, agency, year), so
the corpus is the same byte for byte whatever the number of workers. Results stream back in
plan order and are written at once: memory stays bounded whatever n is.
"""

import json
import multiprocessing
import os
import random
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.synth.defects import DefectRates
from pipeline.synth.history import agency_reports
from pipeline.synth.names import CAPACITY, KINDS, make_agency

FIRST_YEAR, LAST_YEAR = 2008, 2025
GENERATOR_VERSION = "6"


@dataclass(frozen=True)
class AgencyTask:
    """One agency to render: who it is and which consecutive years it reports."""

    agency_index: int
    kind: str
    serial: int
    years: tuple[int, ...]
    first_index: int


def plan(n: int, seed: int, years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR)) -> Iterator[AgencyTask]:
    """Yield agencies until their reports number `n`; most bodies keep reporting to the last year."""
    first, last = years
    rng = random.Random(f"{seed}:plan")
    kinds, weights = [k for k, _ in KINDS], [w for _, w in KINDS]
    serials: dict[str, int] = dict.fromkeys(kinds, 0)
    index = agency = 0
    while index < n:
        kind = rng.choices(kinds, weights)[0]
        if serials[kind] >= CAPACITY.get(kind, 10**12):
            kind = "county_dept"
        start = rng.randint(first, last)
        end = last if rng.random() < 0.85 else rng.randint(start, last)
        span = tuple(range(start, end + 1))[: n - index]
        yield AgencyTask(agency, kind, serials[kind], span, index)
        serials[kind] += 1
        index += len(span)
        agency += 1


@dataclass(frozen=True)
class _Job:
    out: str
    seed: int
    rates: DefectRates


def _render(job: _Job, task: AgencyTask) -> list[str]:
    """Write one agency's files; return their truth lines (JSON)."""
    agency = make_agency(task.kind, task.serial)
    lines = []
    for w in agency_reports(agency, task.agency_index, task.years, task.first_index, job.seed, job.rates):
        (Path(job.out) / w.name).write_bytes(w.data)
        lines.append(json.dumps(w.truth, ensure_ascii=False, separators=(",", ":")))
    return lines


_JOB: _Job | None = None


def _init(job: _Job) -> None:
    global _JOB
    _JOB = job


def _render_in_worker(task: AgencyTask) -> list[str]:
    assert _JOB is not None
    return _render(_JOB, task)


def generate(
    out: Path,
    n: int,
    seed: int,
    rates: DefectRates | None = None,
    jobs: int | None = None,
    years: tuple[int, int] = (FIRST_YEAR, LAST_YEAR),
) -> dict[str, Any]:
    """Write n reports of `years` (first, last) and their truth under `out`; return the meta record (meta.json)."""
    if not FIRST_YEAR <= years[0] <= years[1] <= LAST_YEAR:
        raise ValueError(f"years must lie within {FIRST_YEAR}-{LAST_YEAR}, got {years[0]}-{years[1]}")
    rates = rates or DefectRates()
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    for shard in range((max(n, 1) - 1) // 1000 + 1):
        (out / "reports" / f"{shard:03d}").mkdir(parents=True, exist_ok=True)
    job = _Job(str(out), seed, rates)
    written = 0
    with (out / "truth.jsonl").open("w", encoding="utf-8") as truth:
        if jobs == 1:
            results: Iterator[list[str]] = (_render(job, t) for t in plan(n, seed, years))
            for lines in results:
                truth.write("".join(line + "\n" for line in lines))
                written += len(lines)
        else:
            # spawn: a forked child of a multi-threaded parent (pytest after Dagster's tests, a
            # Dagster run) can deadlock on a lock some thread held at the fork; CI hung there.
            ctx = multiprocessing.get_context("spawn")
            with ctx.Pool(jobs, initializer=_init, initargs=(job,)) as pool:
                for lines in pool.imap(_render_in_worker, plan(n, seed, years), chunksize=32):
                    truth.write("".join(line + "\n" for line in lines))
                    written += len(lines)
    meta = {
        "generator_version": GENERATOR_VERSION,
        "n": written,
        "seed": seed,
        "rates": asdict(rates),
        "years": list(years),
        "seconds": round(time.perf_counter() - started, 2),
        "jobs": jobs,
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def read_truth(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the truth records of a corpus, one per report, in file order (streaming)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
