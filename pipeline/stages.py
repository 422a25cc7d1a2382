"""The pipeline's stages as functions over polars frames, for the orchestrator to call.

Each stage takes the raw frame (one row per input file, with its decoded text) so that any
stage can run alone. Every text is parsed once per process: `read_reports` parses the files
in bounded batches, turns each batch into the stage frames at once and keeps only those
(compact, columnar) frames, so memory holds a batch of parsed reports, never a year of them;
the later stages of the same run find their frame there (`raw_to_frames`).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

import polars as pl

from pipeline.collector import collector_paused
from pipeline.decode import DEFAULT_MAX_BYTES
from pipeline.frames import (
    REPORT_IDENTITY_SCHEMA,
    cells_to_frame,
    findings_to_frame,
    reports_to_frame,
    rule_results_to_frame,
    sections_to_frame,
    unread_to_frame,
)
from pipeline.intake import Intake, iter_inputs, mark_conflicts, parse_checked, read_inputs
from pipeline.model import Report

RAW_SCHEMA: dict[str, pl.DataType] = {
    **REPORT_IDENTITY_SCHEMA,
    "duplicate_of": pl.String(),
    "conflict_with": pl.String(),
    "text": pl.String(),
}
# The columns that relate an input to the other inputs of its run (pipeline.intake).
INTAKE_COLUMNS = ["report_id", "duplicate_of", "conflict_with"]
# Reports parsed before their frames are built and the Report objects let go: a parsed
# report holds hundreds of Python objects, its frame rows a fraction of that.
BATCH_SIZE = 500
# Raw frames whose stage frames are kept: a run handles one year; the previous one is kept
# for a process that runs two years in turn.
_KEPT = 2
FRAME_NAMES = ("reports", "sections", "cells", "findings", "rule_results", "unread")
UNACCOUNTED_SCHEMA: dict[str, pl.DataType] = {
    "sha256": pl.String(),
    "source": pl.String(),
    "n_inputs": pl.Int64(),
    "n_rows": pl.Int64(),
    "problem": pl.String(),
}


def read_report(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Report, str]:
    """Read and parse one file; return the report and its decoded text ("" if rejected)."""
    intake = read_inputs([Path(path)], max_bytes)[0]
    return intake.report, intake.text


def read_reports(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES, year: int | None = None) -> pl.DataFrame:
    """Decode and parse every file: one row per path. Columns: RAW_SCHEMA.

    text is "" for rejected files and for duplicates (their content is read once, under
    the first name); conflict_with lists report ids separated by commas. With `year`, only
    reports of that year, or of no readable year, are kept. The stage frames of the result
    are built on the way and kept for raw_to_frames.
    """
    intakes: list[Intake] = []
    parts: list[dict[str, pl.DataFrame]] = []
    # Texts go into a column batch by batch: a year of Python strings would double them.
    texts: list[pl.Series] = [pl.Series("text", [], dtype=pl.String)]
    with collector_paused():
        for batch in _batches(iter_inputs(paths, max_bytes), BATCH_SIZE):
            # Duplicates and conflicts share a year, so dropping other years first loses none.
            kept = [x for x in batch if year is None or x.report.year in (year, None)]
            parts.append(reports_to_frames([x.report for x in kept]))
            texts.append(pl.Series("text", [x.text for x in kept], dtype=pl.String))
            # Only what relates inputs to each other is kept of the parsed report.
            intakes.extend(replace(x, report=_identity(x.report), text="") for x in kept)
    raw = intakes_to_raw(mark_conflicts(intakes)).with_columns(pl.concat(texts))
    _remember(raw, _with_intake_columns(_concat(parts), raw))
    return raw


def intakes_to_raw(intakes: list[Intake]) -> pl.DataFrame:
    """One row per intake. Columns: RAW_SCHEMA."""
    rows = [
        {
            "report_id": x.report_id,
            "source": x.report.source,
            "sha256": x.report.sha256,
            "year": x.report.year,
            "agency": x.report.agency,
            "era": x.report.era,
            "status": x.report.status,
            "reason": x.report.reason,
            "duplicate_of": x.duplicate_of,
            "conflict_with": ",".join(x.conflict_with) or None,
            "text": x.text,
        }
        for x in intakes
    ]
    return pl.DataFrame(rows, schema=RAW_SCHEMA)


def raw_reports(raw: pl.DataFrame) -> list[Report]:
    """Return the parsed Report of every row of a raw frame (rejected rows included)."""
    out = []
    for row in raw.iter_rows(named=True):
        if row["status"] == "rejected" or not row["text"]:
            out.append(
                Report(row["source"], row["sha256"], "rejected", row["reason"], row["agency"], row["year"], row["era"])
            )
        else:
            # Status and reason come from intake, which also knows what the bytes said
            # (e.g. a file cut mid-character); the cells come from the cached parse.
            parsed = parse_checked(row["text"], row["source"], row["sha256"])
            out.append(replace(parsed, status=row["status"], reason=row["reason"]))
    return out


def raw_to_sections(raw: pl.DataFrame) -> pl.DataFrame:
    """Section headings of every report. Columns: SECTIONS_SCHEMA."""
    return raw_to_frames(raw)["sections"]


def raw_to_cells(raw: pl.DataFrame) -> pl.DataFrame:
    """Canonical cells of every report, long form. Columns: CELLS_SCHEMA."""
    return raw_to_frames(raw)["cells"]


def raw_to_reports(raw: pl.DataFrame) -> pl.DataFrame:
    """One row per input file with its final status. Columns: REPORTS_SCHEMA."""
    return raw_to_frames(raw)["reports"]


def raw_to_findings(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Findings and per-rule results of every report. Columns: FINDINGS_SCHEMA, RULE_RESULTS_SCHEMA."""
    frames = raw_to_frames(raw)
    return frames["findings"], frames["rule_results"]


def find_unaccounted_inputs(inputs: pl.DataFrame, rows: pl.DataFrame, quarantined: pl.DataFrame) -> pl.DataFrame:
    """Return inputs without exactly one reports row, and rejected rows missing from quarantine.

    `inputs` has one row per input file seen (source, sha256), `rows` the reports rows
    written for them (source, sha256, status, duplicate_of), `quarantined` the sha256 of the
    quarantine table. Columns: UNACCOUNTED_SCHEMA; empty means every input is accounted for.
    """
    key = ["sha256", "source"]
    seen = inputs.group_by(key).len("n_inputs")
    written = rows.group_by(key).len("n_rows")
    counted = (
        seen.join(written, on=key, how="full", coalesce=True)
        .with_columns(pl.col("n_inputs", "n_rows").fill_null(0).cast(pl.Int64))
        .filter(pl.col("n_inputs") != pl.col("n_rows"))
        .with_columns(problem=pl.format("{} input file(s), {} reports row(s)", "n_inputs", "n_rows"))
    )
    # A duplicate's content is stored under its first name, so only first copies need a row.
    lost = (
        rows.filter((pl.col("status") == "rejected") & pl.col("duplicate_of").is_null())
        .join(quarantined.select("sha256"), on="sha256", how="anti")
        .select(
            *key, n_inputs=pl.lit(1, pl.Int64), n_rows=pl.lit(1, pl.Int64), problem=pl.lit("rejected, not quarantined")
        )
    )
    out = pl.concat([counted.select(UNACCOUNTED_SCHEMA.keys()), lost], how="vertical_relaxed")
    return out.select(pl.col(c).cast(t) for c, t in UNACCOUNTED_SCHEMA.items())


def raw_to_frames(raw: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Every stage frame of a raw frame, keyed as warehouse.loader.replace_year takes them.

    Frames kept from read_reports (or an earlier call) are reused when they cover the raw
    frame's rows, as read; otherwise the texts are parsed again, in bounded batches.
    """
    rows = _row_keys(raw)
    for kept in reversed(_kept):
        if kept.rows == rows:  # the usual case: no copy of a year's frames
            return dict(kept.frames)
        if all(kept.rows.get(rid) == key for rid, key in rows.items()):
            ids = pl.Series(list(rows), dtype=pl.String)
            return {name: frame.filter(pl.col("report_id").is_in(ids.implode())) for name, frame in kept.frames.items()}
    with collector_paused():
        parts = [reports_to_frames(raw_reports(raw.slice(i, BATCH_SIZE))) for i in range(0, raw.height, BATCH_SIZE)]
    frames = _with_intake_columns(_concat(parts), raw)
    _remember(raw, frames)
    return frames


def reports_to_frames(reports: list[Report]) -> dict[str, pl.DataFrame]:
    """The stage frames of parsed reports (reports without the columns that relate inputs)."""
    return {
        "reports": reports_to_frame(reports),
        "sections": sections_to_frame(reports),
        "cells": cells_to_frame(reports),
        "findings": findings_to_frame(reports),
        "rule_results": rule_results_to_frame(reports),
        "unread": unread_to_frame(reports),
    }


@dataclass(frozen=True)
class _Kept:
    """Stage frames of the rows of a raw frame; rows maps report_id to what the raw row said.

    The raw frame itself is kept with them, so that the later stages of the run, which take
    it as input, are handed this frame rather than a copy decoded again (assets.io_managers).
    """

    rows: dict[str, tuple[object, ...]]
    frames: dict[str, pl.DataFrame]
    raw: pl.DataFrame


_kept: list[_Kept] = []


def _row_keys(raw: pl.DataFrame) -> dict[str, tuple[object, ...]]:
    # Everything a raw row says except its text, which its sha256 stands for.
    cols = [c for c in RAW_SCHEMA if c != "text"]
    return {row[0]: row[1:] for row in raw.select(cols).iter_rows()}


def forget_frames() -> None:
    """Drop the stage frames kept for this process's later stages (once the year is loaded)."""
    _kept.clear()


def _remember(raw: pl.DataFrame, frames: dict[str, pl.DataFrame]) -> None:
    _kept.append(_Kept(_row_keys(raw), frames, raw))
    del _kept[:-_KEPT]


def _with_intake_columns(frames: dict[str, pl.DataFrame], raw: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Put the raw frame's intake columns on the reports frame, built from the same rows in order."""
    return {**frames, "reports": frames["reports"].with_columns(raw.select(INTAKE_COLUMNS).get_columns())}


def _concat(parts: list[dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    if not parts:
        return reports_to_frames([])
    return {name: pl.concat([p[name] for p in parts], how="vertical") for name in FRAME_NAMES}


def _batches(items: Iterable[Intake], size: int) -> Iterator[list[Intake]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _identity(r: Report) -> Report:
    return Report(r.source, r.sha256, r.status, r.reason, r.agency, r.year, r.era)
