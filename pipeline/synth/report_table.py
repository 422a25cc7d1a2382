"""The benchmark's one table: rows of (section, measure, value), from the measured figures."""

from dataclasses import dataclass
from typing import Any

from pipeline.synth.bench_core import Rate
from pipeline.synth.score import DETECTED_BY, READ_THROUGH, Score

# How each detected defect kind shows, for the table's measure column.
SIGNALS = {
    "arithmetic_t3": "arithmetic t3 → t3.row_total/results_sum/balance",
    "arithmetic_t4": "arithmetic t4 → t4.group_total",
    "unit_slip": "万元/元 slip → t2.fee_unit",
    "narrative": "narrative ≠ table → narrative.matches_tables",
    "truncated": "truncated → partial, sections missing or cut",
    "copy_paste": "copy of last year → cross_year.copy_paste",
}


@dataclass(frozen=True)
class EndToEndSummary:
    """What the table shows of the end-to-end run."""

    wall_s: float
    catalogue_s: float
    runs: int
    failed_runs: list[str]
    workers: int
    rss_by_run: dict[str, float]  # run (year, or the catalogue job) -> peak RSS of its process, MiB
    seconds_by_run: dict[str, float]


def _refresh(seconds: dict[str, float]) -> str:
    runs = [s for name, s in seconds.items() if name.startswith("cross-year refresh")]
    if not runs:
        return "none needed"
    return f"{len(runs)} re-runs, {sum(runs):,.1f} s of run time beside the year runs"


def _slowest(seconds: dict[str, float], k: int = 3) -> str:
    top = sorted(((n, s) for n, s in seconds.items() if n.isdigit()), key=lambda kv: -kv[1])[:k]
    return ", ".join(f"{name} {s:,.0f} s" for name, s in top)


def _largest(rss: dict[str, float], k: int) -> str:
    top = sorted(rss.items(), key=lambda kv: -kv[1])[:k]
    return f"{sum(v for _, v in top):,.0f} MiB ({', '.join(name for name, _ in top)})"


def _pct(num: int, den: int) -> str:
    return f"{num / den:.3%}" if den else "n/a"


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "n/a"


def bench_rows(
    meta: dict[str, Any],
    gen_s: float,
    floor: Rate,
    parse: Rate,
    e2e: EndToEndSummary,
    queries: dict[str, tuple[float, int]],
    score: Score,
    lost: int,
    cross_year: bool,
    probes: tuple[float, float],
    unread: list[tuple[str, str, int]] | None = None,
) -> list[tuple[str, str, str]]:
    """Return the table rows: Machine, Floor, Parse and check, End to end, Memory, Queries, Detection, Extraction.

    `probes` are bench_core.machine_probe's seconds before and after the runs; `unread` the
    largest kinds of unread cell in the warehouse, (table, reason, cells).
    """
    n = int(meta["n"])
    rows = [
        ("section", "measure", "value"),
        ("Corpus", "synthetic reports (seed, generation)", f"{n:,} (seed {meta['seed']}, {gen_s:.1f} s incl. reuse)"),
        (
            "Machine",
            "a fixed CPython loop, 1 core: before / after",
            f"{probes[0] * 1000:,.0f} / {probes[1] * 1000:,.0f} ms (lower is faster)",
        ),
        ("Floor", "read + decode, 1 core (CPU time)", f"{floor.per_s:,.0f} reports/s  ({floor.reports:,} files)"),
        ("Parse and check", "read + decode + parse + rules, 1 core", f"{parse.per_s:,.0f} reports/s"),
        (
            "Parse and check",
            "time per report vs the floor",
            f"{floor.per_s / parse.per_s:.1f}× the floor" if parse.per_s else "n/a",
        ),
        (
            "End to end",
            f"catalogue + {e2e.runs} year runs, {e2e.workers} processes",
            f"{e2e.wall_s:,.1f} s wall ({n / e2e.wall_s:,.0f} reports/s)",
        ),
        ("End to end", "of which the first catalogue scan", f"{e2e.catalogue_s:,.1f} s"),
        ("End to end", "cross-year re-runs (the sensor's)", _refresh(e2e.seconds_by_run)),
        ("End to end", "slowest year runs", _slowest(e2e.seconds_by_run)),
        ("End to end", "runs failed", ", ".join(e2e.failed_runs) or "none"),
        ("Memory", "peak RSS of the largest run (one process)", _largest(e2e.rss_by_run, 1)),
        ("Memory", f"the {e2e.workers} largest runs together", _largest(e2e.rss_by_run, e2e.workers)),
    ]
    for name, (seconds, count) in queries.items():
        rows.append(("Queries", f"{name} ({count:,} rows)", f"{seconds * 1000:,.0f} ms"))
    for kind in DETECTED_BY:
        d = score.detection[kind]
        if kind == "copy_paste" and not cross_year:
            rows.append(("Detection", SIGNALS[kind], f"not evaluated (n={d.tp + d.fn})"))
            continue
        text = f"P {_ratio(d.tp, d.tp + d.fp)}  R {_ratio(d.tp, d.tp + d.fn)}  (n={d.tp + d.fn}"
        if d.detectable != d.tp + d.fn:
            text += f"; R {_ratio(d.detectable_tp, d.detectable)} on the {d.detectable} the text can show"
        rows.append(("Detection", SIGNALS[kind], text + ")"))
    for kind in READ_THROUGH:
        e = score.extraction.get(f"defect:{kind}")
        if e is not None:
            rows.append(("Detection", f"{kind} → cells read exactly", f"{_pct(e.exact, e.cells)}, wrong {e.wrong}"))
    every = score.extraction["all"]
    rows += [
        ("Extraction", "true cells read exactly", f"{_pct(every.exact, every.cells)} of {every.cells:,}"),
        ("Extraction", "reported missing", f"{_pct(every.missing, every.cells)}"),
        *(("Extraction", f"  unread {table}: {_short(reason)}", f"{n:,} cells") for table, reason, n in unread or []),
        ("Extraction", "confident wrong values", f"{every.wrong:,}"),
        ("Extraction", "reports lost (no row in the warehouse)", str(lost)),
    ]
    for group, e in sorted(score.extraction.items()):
        if group.startswith(("layout:", "era:")):
            rows.append(("Extraction", f"  {group}", f"{_pct(e.exact, e.cells)} exact, {e.wrong} wrong"))
    meta_ok = ", ".join(f"{k} {_pct(score.metadata[k], score.reports)}" for k in ("agency", "year", "era"))
    rows.append(("Extraction", "agency, year, era read right", meta_ok))
    statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(score.statuses.items()))
    rows.append(("Extraction", "report statuses", statuses))
    return rows


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
