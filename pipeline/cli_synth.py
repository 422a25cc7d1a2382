"""`nianbao synth`: write a synthetic corpus with its ground truth, for benchmarks and detection measures."""

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from pipeline.synth.corpus import FIRST_YEAR, LAST_YEAR, generate
from pipeline.synth.defects import DefectRates


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    """Add the synth subcommand."""
    p = sub.add_parser(
        "synth",
        help="generate synthetic reports with their true cells and injected defects",
        description="Write N reports (every era and layout) under OUT/reports/, the truth in OUT/truth.jsonl "
        "(file, agency, year, era, layout, encoding, cells, defects) and the settings in OUT/meta.json.",
    )
    p.add_argument("--n", type=int, required=True, help="number of reports")
    p.add_argument("--seed", type=int, default=1, help="the corpus is a function of the seed (default 1)")
    p.add_argument("--out", type=Path, required=True, help="output folder (created; must be empty or absent)")
    p.add_argument("--years", default=f"{FIRST_YEAR}-{LAST_YEAR}", help="report years, FIRST-LAST (default all)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    p.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="KIND=P",
        help="override a defect rate, e.g. --rate truncated=0.05 (repeatable); kinds: "
        + ", ".join(DefectRates.__dataclass_fields__),
    )
    p.set_defaults(run=synth_command)


def synth_command(args: argparse.Namespace) -> int:
    """Generate the corpus; exit 2 on bad arguments or a non-empty output folder."""
    try:
        rates = DefectRates().with_overrides(args.rate)
    except ValueError as exc:
        print(f"nianbao synth: {exc}", file=sys.stderr)
        return 2
    out: Path = args.out
    try:
        first, _, last = args.years.partition("-")
        years = (int(first), int(last or first))
    except ValueError:
        print(f"nianbao synth: --years takes FIRST-LAST, e.g. 2019-2022, not {args.years!r}", file=sys.stderr)
        return 2
    if args.n < 1:
        print("nianbao synth: --n must be at least 1", file=sys.stderr)
        return 2
    if out.exists() and any(out.iterdir()):
        print(f"nianbao synth: {out} is not empty; choose a new folder", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    try:
        meta = generate(out, args.n, args.seed, rates, args.jobs, years)
    except ValueError as exc:
        print(f"nianbao synth: {exc}", file=sys.stderr)
        return 2
    took = f"{meta['seconds']} s, {meta['jobs']} processes"
    print(f"{meta['n']} reports in {out / 'reports'}, truth in {out / 'truth.jsonl'} ({took})")
    return 0
