"""`make bench`: the scale benchmark on a synthetic corpus with ground truth; prints one table.

    python -m assets.bench --n 10000 [--dir bench/] [--workers 2] [--rate-sample 3000]

1. Generate (or reuse) the corpus: `nianbao synth --n N --seed 1 --out DIR/corpus`.
2. Floor and Parse-and-check: reports per CPU second on one core, on an even sample; a fixed
   CPython loop is timed before them and after the runs (Machine), as the machine's speed drifts.
3. End to end: the report catalogue, then every year partition of `annual_reports_job` through
   Dagster into a fresh DuckDB file, with `--workers` processes taking years from a queue.
4. Queries, Detection and Extraction: read back from the warehouse and scored against the truth.
"""

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipeline.synth.bench_core import (
    Rate,
    machine_probe,
    measure_floor,
    measure_parse,
    peak_rss_mib,
    render_table,
    sample_files,
)
from pipeline.synth.corpus import FIRST_YEAR, GENERATOR_VERSION, LAST_YEAR, generate
from pipeline.synth.report_table import EndToEndSummary, bench_rows

REPO_ROOT = Path(__file__).resolve().parents[1]
# The name of the cross-year re-runs in the outcomes, followed by their year.
REFRESH = "cross-year refresh"
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


@dataclass(frozen=True)
class RunOutcome:
    """One Dagster run of the benchmark, as its worker process saw it."""

    name: str
    ok: bool
    seconds: float
    rss_mib: float
    pid: int


@dataclass(frozen=True)
class EndToEnd:
    """The end-to-end run: wall time and every run's outcome."""

    wall_s: float
    catalogue: RunOutcome
    years: list[RunOutcome]
    workers: int

    def summary(self) -> EndToEndSummary:
        """Return the figures the table shows."""
        runs = [self.catalogue, *self.years]
        return EndToEndSummary(
            self.wall_s,
            self.catalogue.seconds,
            sum(r.name.isdigit() for r in self.years),
            [r.name for r in runs if not r.ok],
            self.workers,
            {r.name: r.rss_mib for r in runs},
            {r.name: r.seconds for r in runs},
        )


def ensure_corpus(corpus: Path, n: int, seed: int, years: tuple[int, int]) -> dict[str, object]:
    """Reuse the corpus at `corpus` if generated with the same settings and generator; else regenerate."""
    meta_path = corpus / "meta.json"
    if meta_path.exists():
        meta: dict[str, object] = json.loads(meta_path.read_text(encoding="utf-8"))
        wanted = (n, seed, GENERATOR_VERSION, list(years))
        if (meta.get("n"), meta.get("seed"), meta.get("generator_version"), meta.get("years")) == wanted:
            return meta
    shutil.rmtree(corpus, ignore_errors=True)
    return generate(corpus, n, seed, years=years)


def _corpus_years(corpus: Path) -> list[str]:
    """Return the corpus's report years, ascending: the order a Dagster backfill launches them in.

    Year N's cross-year rules need N-1 loaded. In this order N-1 starts first and is smaller,
    so it has landed by then and the sensor re-runs almost nothing; largest first (2025 down)
    loaded every year before its previous one and cost a re-run of nearly every year.
    """
    years: set[int] = set()
    with (corpus / "truth.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            at = line.index('"year":') + 7
            years.add(int(line[at : at + 4]))
    return [str(y) for y in sorted(years)]


def _job(corpus: Path, database: Path, name: str) -> dg.JobDefinition:
    from assets.definitions import build_defs

    return build_defs(corpus / "reports", database).resolve_job_def(name)


def _run(
    corpus: Path, database: Path, job_name: str, partition: str | None, selection: list[str] | None = None
) -> RunOutcome:
    """Execute one run in this worker process (in-process executor, the shared instance).

    With `selection`, only those assets run: a cross-year re-run, as the automation sensor
    launches once year N-1 has landed, is named after REFRESH.
    """
    start = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        result = _job(corpus, database, job_name).execute_in_process(
            partition_key=partition,
            instance=instance,
            asset_selection=[dg.AssetKey(a) for a in selection] if selection else None,
            raise_on_error=False,
            run_config=QUIET_RUN_CONFIG,
        )
    name = f"{REFRESH} {partition}" if selection else partition or job_name
    return RunOutcome(name, result.success, time.perf_counter() - start, peak_rss_mib(), os.getpid())


def stale_cross_year(instance: dg.DagsterInstance, years: list[str]) -> list[str]:
    """Return the years whose cross_year_findings predate warehouse_tables of the year before, ascending."""

    def latest(asset: str, year: str) -> float | None:
        records_filter = dg.AssetRecordsFilter(asset_key=dg.AssetKey(asset), asset_partitions=[year])
        records = instance.fetch_materializations(records_filter, limit=1).records
        return records[0].timestamp if records else None

    stale = []
    for year in sorted(years):
        previous_loaded, evaluated = latest("warehouse_tables", str(int(year) - 1)), latest("cross_year_findings", year)
        if previous_loaded is not None and (evaluated is None or previous_loaded > evaluated):
            stale.append(year)
    return stale


def _run_years(
    pool: ProcessPoolExecutor, workers: int, corpus: Path, database: Path, job_name: str, years: list[str]
) -> list[RunOutcome]:
    """Run every year from a queue, `workers` at a time, with the cross-year re-runs the sensor makes.

    Year N's findings compare it with N-1; if N-1 landed after them, the cross_year_automation
    sensor re-runs N at once, beside the year runs still going. The benchmark has no daemon, so
    each time a year lands it queues the same re-runs (ahead of the next year), read from the
    event log as the sensor reads it.
    """
    queue, refreshes = list(years), list[str]()
    in_flight: dict[Future[RunOutcome], str] = {}
    landed: set[str] = set()
    outcomes: list[RunOutcome] = []

    def submit_next() -> None:
        if refreshes:
            year = refreshes.pop(0)
            in_flight[pool.submit(_run, corpus, database, job_name, year, ["cross_year_findings"])] = REFRESH
        elif queue:
            year = queue.pop(0)
            in_flight[pool.submit(_run, corpus, database, job_name, year)] = year

    for _ in range(workers):
        submit_next()
    while in_flight:
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            year = in_flight.pop(future)
            outcomes.append(future.result())
            if year != REFRESH:
                landed.add(year)
                candidates = [y for y in (year, str(int(year) + 1)) if y in landed]
                with dg.DagsterInstance.get() as instance:
                    refreshes += [y for y in stale_cross_year(instance, candidates) if y not in refreshes]
            submit_next()
    return outcomes


def run_end_to_end(corpus: Path, work: Path, workers: int) -> EndToEnd:
    """Catalogue the corpus, then run every year partition through Dagster into a fresh warehouse."""
    from assets.catalogue_assets import catalogue_job
    from assets.schedules import annual_reports_job

    home = work / "dagster_home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    shutil.copyfile(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")
    database = work / "warehouse.duckdb"
    database.unlink(missing_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)  # inherited by the spawned workers
    years = _corpus_years(corpus)
    start = time.perf_counter()
    # spawn, not fork: each worker is a fresh interpreter, as a Dagster run worker is.
    ctx = multiprocessing.get_context("spawn")
    # One fresh process per run, as Dagster's run launcher does: a run's peak RSS is its own.
    with ProcessPoolExecutor(workers, mp_context=ctx, max_tasks_per_child=1) as pool:
        # The first catalogue refresh parses every new file; alone, it is not done twice at once.
        cat = pool.submit(_run, corpus, database, catalogue_job.name, None).result()
        outcomes = _run_years(pool, workers, corpus, database, annual_reports_job.name, years)
    return EndToEnd(time.perf_counter() - start, cat, outcomes, workers)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table; exit 1 if a run failed or a report was lost."""
    p = argparse.ArgumentParser(prog="python -m assets.bench", description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10000, help="reports in the corpus (default 10000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--dir", type=Path, default=REPO_ROOT / "bench", help="work folder (corpus, warehouse, Dagster home)"
    )
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for the year runs")
    p.add_argument("--years", default=f"{FIRST_YEAR}-{LAST_YEAR}", help="report years FIRST-LAST (default all)")
    p.add_argument("--rate-sample", type=int, default=3000, help="files timed for Floor and Parse (one core)")
    args = p.parse_args(argv)
    args.dir = args.dir.resolve()  # DAGSTER_HOME and the run workers need absolute paths
    corpus = args.dir / "corpus"
    t0 = time.perf_counter()
    first, _, last = args.years.partition("-")
    meta = ensure_corpus(corpus, args.n, args.seed, (int(first), int(last or first)))
    gen_s = time.perf_counter() - t0
    files = sample_files(corpus, args.rate_sample)
    probe_before = machine_probe()
    floor = measure_floor(files)
    parse: Rate = measure_parse(files, corpus)
    e2e = run_end_to_end(corpus, args.dir, args.workers)
    probe_after = machine_probe()
    from assets import bench_warehouse as bw
    from warehouse import loader

    con = loader.connect(args.dir / "warehouse.duckdb")
    try:
        queries = bw.time_queries(con)
        score, lost = bw.score_warehouse(con, corpus)
        cross = bw.cross_year_evaluated(con)
        unread = bw.unread_by_reason(con)
    finally:
        con.close()
    probes = (probe_before, probe_after)
    rows = bench_rows(meta, gen_s, floor, parse, e2e.summary(), queries, score, lost, cross, probes, unread)
    print(render_table(rows))
    if score.wrong_examples:
        print("\nConfident wrong values (first ones):")
        print("\n".join(f"  {w}" for w in score.wrong_examples))
    bad = e2e.summary().failed_runs
    return 1 if bad or lost else 0


if __name__ == "__main__":
    sys.exit(main())
