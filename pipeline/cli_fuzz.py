"""`nianbao fuzz`: mutate the real corpus N times and count what the pipeline gets wrong.

Each mutant is read the way the pipeline reads a file (`pipeline.intake.read_bytes`: decode,
parse, cut-row check) and judged against the original's reading (`pipeline.mutate.judge`).
The figures per mutation kind say how often a damaged file crashes (never, we hope), is
rejected or partial, and whether any value comes out confidently wrong.
"""

import argparse
import random
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.intake import parse_checked, read_bytes
from pipeline.model import Report
from pipeline.mutate import KINDS, Mutant, judge, mutate

CORPUS_SUFFIXES = (".txt", ".html", ".htm")
COLUMNS = (
    "mutants",
    "skipped",
    "crashes",
    "parsed",
    "partial",
    "rejected",
    "equal",
    "shifted",
    "missing",
    "explained",
    "wrong",
    "new",
    "dropped",
)


@dataclass
class Tally:
    """Figures of one mutation kind."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    examples: list[str] = field(default_factory=list[str])


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    """Add the fuzz subcommand."""
    p = sub.add_parser("fuzz", help="mutate the real corpus and count crashes and confident wrong values")
    p.add_argument("--n", type=int, default=1000, help="number of mutants")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--corpus", type=Path, default=Path("data/real"))
    p.add_argument("--examples", type=int, default=20, help="wrong values and crashes to list")
    p.set_defaults(run=lambda a: fuzz_command(a.corpus, a.n, a.seed, a.examples))


def fuzz_command(corpus: Path, n: int, seed: int, examples: int) -> int:
    """Print the figures per mutation kind; exit 1 on any crash or confident wrong value."""
    tallies = run_fuzz(corpus, n, seed, examples)
    print(render(tallies))
    total = tallies["all"].counts
    return 1 if total["crashes"] or total["wrong"] else 0


def run_fuzz(corpus: Path, n: int, seed: int, max_examples: int = 20) -> dict[str, Tally]:
    """Read `n` mutants of the corpus files; return the tallies per kind and for "all".

    Mutant i is drawn from random.Random(f"{seed}:{i}"), so one mutant can be re-made alone
    (`make_mutant`); kinds take turns so that each gets n/6 mutants ("skipped" when no file
    of the corpus suits the kind, e.g. no two figures to swap safely).
    """
    originals = load_corpus(corpus)
    if not originals:
        raise SystemExit(f"no report files (*{', *'.join(CORPUS_SUFFIXES)}) in {corpus}")
    tallies: dict[str, Tally] = defaultdict(Tally)
    for i in range(n):
        made = make_mutant(originals, seed, i)
        if made is None:
            tallies[KINDS[i % len(KINDS)]].counts["skipped"] += 1
            tallies["all"].counts["skipped"] += 1
        else:
            name, mutant = made
            _tally(tallies, f"{name} #{i}", originals[name][0], mutant, max_examples)
        parse_checked.cache_clear()  # every mutant is new: don't keep thousands of texts alive
    return tallies


def make_mutant(originals: dict[str, tuple[Report, str]], seed: int, i: int) -> tuple[str, Mutant] | None:
    """Make mutant `i` of run `seed`: (corpus file name, mutant), or None if no file suits its kind."""
    rng = random.Random(f"{seed}:{i}")
    kind = KINDS[i % len(KINDS)]
    names = sorted(originals)
    for _ in range(20):  # some kinds need figures a given file may not have
        name = rng.choice(names)
        made = mutate(kind, originals[name][1], originals[name][0], rng)
        if made is not None:
            return name, made
    return None


def load_corpus(corpus: Path) -> dict[str, tuple[Report, str]]:
    """Read every report file of the corpus that decodes: name -> (report, decoded text)."""
    out = {}
    for path in sorted(p for p in corpus.iterdir() if p.suffix in CORPUS_SUFFIXES):
        intake = read_bytes(path.read_bytes(), path.name)
        if intake.text:
            out[path.name] = (intake.report, intake.text)
    return out


def read_mutant(made: Mutant, label: str) -> Report:
    """Read a mutant the way the pipeline reads a file."""
    return read_bytes(made.data, label).report


def _tally(tallies: dict[str, Tally], label: str, original: Report, made: Mutant, max_examples: int) -> None:
    counts = [tallies[made.kind], tallies["all"]]
    for t in counts:
        t.counts["mutants"] += 1
    try:
        mutant = read_mutant(made, label)
    except Exception:  # the point of a fuzzer: any exception is a finding, never a stop
        for t in counts:
            t.counts["crashes"] += 1
            if len(t.examples) < max_examples:
                t.examples.append(f"CRASH {label} {made.kind} ({made.detail}):\n{traceback.format_exc(limit=4)}")
        return
    verdict = judge(original, mutant, made)
    for t in counts:
        t.counts[mutant.status] += 1
        for name in ("equal", "shifted", "missing", "explained", "new", "dropped"):
            t.counts[name] += getattr(verdict, name)
        t.counts["wrong"] += len(verdict.wrong)
        room = max_examples - len(t.examples)
        t.examples.extend(f"WRONG {label} {made.kind} ({made.detail}): {w}" for w in verdict.wrong[: max(room, 0)])


def render(tallies: dict[str, Tally]) -> str:
    """Format the tallies: one row per kind, then "all", then the listed examples."""
    width = max(len(k) for k in (*KINDS, "all")) + 2
    lines = [f"{'kind':<{width}}" + "".join(f"{c:>10}" for c in COLUMNS)]
    for kind in (*KINDS, "all"):
        counts = tallies[kind].counts if kind in tallies else dict.fromkeys(COLUMNS, 0)
        lines.append(f"{kind:<{width}}" + "".join(f"{counts[c]:>10}" for c in COLUMNS))
    lines.append("equal … dropped count the original's cells; wrong: a different value that no failing rule names.")
    if "all" in tallies:
        lines.extend(tallies["all"].examples)
    return "\n".join(lines)
