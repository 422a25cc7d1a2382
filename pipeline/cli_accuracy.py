"""`nianbao accuracy`: extraction measured against a corpus's hand-read gold cells."""

import argparse
from pathlib import Path
from typing import Any

from pipeline.accuracy import measure, render, status_counts


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    """Add the accuracy subcommand."""
    p = sub.add_parser("accuracy", help="measure extraction against the corpus's hand-read gold cells")
    p.add_argument("--corpus", type=Path, default=Path("data/real"))
    p.set_defaults(run=lambda a: accuracy_command(a.corpus))


def accuracy_command(corpus: Path) -> int:
    """Print the accuracy table; exit 1 if any gold cell was read as a wrong number."""
    tallies = measure(corpus)
    print(render(tallies))
    print("statuses:", ", ".join(f"{k} {v}" for k, v in sorted(status_counts(corpus).items())))
    return 1 if tallies["all"]["all"].wrong else 0
