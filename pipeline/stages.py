"""The pipeline's stages as functions over polars frames, for the orchestrator to call.

Each stage takes the raw frame (one row per input file, with its decoded text) so that any
stage can run alone; parsing is cached by content, so running every stage on the same frame
parses each text once.
"""

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import polars as pl

from pipeline.decode import DEFAULT_MAX_BYTES, DecodeError, bytes_to_text
from pipeline.frames import (
    cells_to_frame,
    findings_to_frame,
    report_id,
    reports_to_frame,
    rule_results_to_frame,
    sections_to_frame,
)
from pipeline.model import Report
from pipeline.parse import parse_text

RAW_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "source": pl.String(),
    "sha256": pl.String(),
    "year": pl.Int64(),
    "agency": pl.String(),
    "era": pl.String(),
    "status": pl.String(),
    "reason": pl.String(),
    "text": pl.String(),
}


@lru_cache(maxsize=8192)
def _parse(text: str, source: str, sha256: str) -> Report:
    return parse_text(text, source, sha256)


def read_report(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Report, str]:
    """Read and parse one file; return the report and its decoded text ("" if rejected)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Report(str(path), "", "rejected", f"file is {size} bytes, over the {max_bytes}-byte limit"), ""
        data = path.read_bytes()
    except OSError as exc:
        return Report(str(path), "", "rejected", f"cannot read the file: {exc.strerror or exc}"), ""
    sha = hashlib.sha256(data).hexdigest()
    try:
        text, _ = bytes_to_text(data, max_bytes)
    except DecodeError as exc:
        return Report(str(path), sha, "rejected", str(exc)), ""
    return _parse(text, str(path), sha), text


def read_reports(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> pl.DataFrame:
    """Decode and parse every file. Columns: RAW_SCHEMA; text is "" for rejected files."""
    rows = []
    for path in paths:
        report, text = read_report(Path(path), max_bytes)
        rows.append(
            {
                "report_id": report_id(report),
                "source": report.source,
                "sha256": report.sha256,
                "year": report.year,
                "agency": report.agency,
                "era": report.era,
                "status": report.status,
                "reason": report.reason,
                "text": text,
            }
        )
    return pl.DataFrame(rows, schema=RAW_SCHEMA)


def raw_reports(raw: pl.DataFrame) -> list[Report]:
    """Return the parsed Report of every row of a raw frame (rejected rows included)."""
    out = []
    for row in raw.iter_rows(named=True):
        if row["status"] == "rejected" or not row["text"]:
            out.append(Report(row["source"], row["sha256"], "rejected", row["reason"]))
        else:
            out.append(_parse(row["text"], row["source"], row["sha256"]))
    return out


def raw_to_sections(raw: pl.DataFrame) -> pl.DataFrame:
    """Section headings of every report. Columns: SECTIONS_SCHEMA."""
    return sections_to_frame(raw_reports(raw))


def raw_to_cells(raw: pl.DataFrame) -> pl.DataFrame:
    """Canonical cells of every report, long form. Columns: CELLS_SCHEMA."""
    return cells_to_frame(raw_reports(raw))


def raw_to_reports(raw: pl.DataFrame) -> pl.DataFrame:
    """One row per input file with its final status. Columns: REPORTS_SCHEMA."""
    return reports_to_frame(raw_reports(raw))


def raw_to_findings(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Findings and per-rule results of every report. Columns: FINDINGS_SCHEMA, RULE_RESULTS_SCHEMA."""
    reports = raw_reports(raw)
    return findings_to_frame(reports), rule_results_to_frame(reports)
