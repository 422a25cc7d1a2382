"""The orchestrator-free half of the scale benchmark: rates on one core, truth look-up, the table.

Rates are measured on one core in CPU time (`time.process_time`), so that other work on a
shared machine slows the wall clock but not the figure; wall time is reported next to it.
"""

import json
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pipeline.collector import collector_paused
from pipeline.decode import decode_bytes
from pipeline.parse import parse_bytes
from pipeline.synth.score import Score, score_report


@dataclass(frozen=True)
class Rate:
    """Reports handled per second of CPU on one core (and of wall time)."""

    reports: int
    cpu_s: float
    wall_s: float

    @property
    def per_s(self) -> float:
        """Return reports per CPU second."""
        return self.reports / self.cpu_s if self.cpu_s else 0.0


def sample_files(corpus: Path, limit: int) -> list[Path]:
    """Return up to `limit` report files of a corpus, spread evenly over its truth order."""
    files = [corpus / rec["file"] for rec in _truth_files(corpus / "truth.jsonl")]
    step = max(1, len(files) // max(limit, 1))
    return files[::step][:limit]


def _truth_files(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            # Only the file name is needed: cut it out instead of parsing the whole record.
            yield {"file": line[9 : line.index('"', 9)]}


def machine_probe(rounds: int = 5) -> float:
    """Return the mean CPU seconds of a fixed pure-CPython loop over `rounds`: this machine's speed now.

    The machine's speed drifts by a fifth to a half over a day; run before and after the
    benchmark, the probe tells a slower machine from slower code, at those two moments only.
    The mean, not the best, so that time stolen by the host counts.
    """
    start = time.process_time()
    for _ in range(rounds):
        total = 0
        for i in range(2_000_000):
            total += i % 7
    return (time.process_time() - start) / rounds


def measure_floor(files: list[Path]) -> Rate:
    """Read and decode every file (bytes to normalised lines): the least any parser must do."""
    cpu = wall = 0.0
    with collector_paused():  # as the parse below, so that the two compare
        for path in files:
            c0, w0 = time.process_time(), time.perf_counter()
            decode_bytes(path.read_bytes())
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
    return Rate(len(files), cpu, wall)


def measure_parse(files: list[Path], corpus: Path, score: Score | None = None) -> Rate:
    """Read, decode, parse and check every file; score each against the truth (untimed) if asked.

    The collector is paused, as `pipeline.stages.read_reports` pauses it over a year's parse.
    """
    index = truth_index(corpus / "truth.jsonl") if score is not None else {}
    cpu = wall = 0.0
    with (corpus / "truth.jsonl").open("rb") as fh, collector_paused():
        for path in files:
            c0, w0 = time.process_time(), time.perf_counter()
            report = parse_bytes(path.read_bytes(), str(path))
            cpu += time.process_time() - c0
            wall += time.perf_counter() - w0
            if score is not None:
                score_report(truth_at(fh, index[path.relative_to(corpus).as_posix()]), report, score)
    return Rate(len(files), cpu, wall)


def truth_index(path: Path) -> dict[str, int]:
    """Return file -> byte offset of its record in truth.jsonl, for random access by file."""
    index: dict[str, int] = {}
    with path.open("rb") as fh:
        offset = 0
        for line in fh:
            index[line[9 : line.index(b'"', 9)].decode("utf-8")] = offset
            offset += len(line)
    return index


def truth_at(fh: BinaryIO, offset: int) -> dict[str, Any]:
    """Return the truth record at a byte offset of an open truth.jsonl."""
    fh.seek(offset)
    record: dict[str, Any] = json.loads(fh.readline())
    return record


def peak_rss_mib() -> float:
    """Return this process's peak resident set size in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render_table(rows: list[tuple[str, str, str]]) -> str:
    """Render (section, measure, value) rows as one aligned plain-text table."""
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    out = []
    last = ""
    for section, measure, value in rows:
        shown = section if section != last else ""
        last = section
        out.append("  ".join(_pad(v, w) for v, w in zip((shown, measure, value), widths, strict=True)).rstrip())
    rule = "-" * (sum(widths) + 4)
    return "\n".join([rule, out[0], rule, *out[1:], rule])


def _width(text: str) -> int:
    return sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
