"""The pipeline's stages as functions over polars frames, for the orchestrator to call.

Each stage takes the raw frame (one row per input file, with its decoded text) so that any
stage can run alone; parsing is cached by content (`pipeline.intake.parse_checked`), so
running every stage on the same frame parses each text once.
"""

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import polars as pl

from pipeline.decode import DEFAULT_MAX_BYTES
from pipeline.frames import (
    REPORT_IDENTITY_SCHEMA,
    cells_to_frame,
    findings_to_frame,
    reports_to_frame,
    rule_results_to_frame,
    sections_to_frame,
)
from pipeline.intake import CUT_MID_CHARACTER, Intake, parse_checked, read_inputs
from pipeline.model import Report

RAW_SCHEMA: dict[str, pl.DataType] = {
    **REPORT_IDENTITY_SCHEMA,
    "duplicate_of": pl.String(),
    "conflict_with": pl.String(),
    "text": pl.String(),
}
# The columns that relate an input to the other inputs of its run (pipeline.intake).
INTAKE_COLUMNS = ["report_id", "duplicate_of", "conflict_with"]
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


def read_reports(paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> pl.DataFrame:
    """Decode and parse every file: one row per path. Columns: RAW_SCHEMA.

    text is "" for rejected files and for duplicates (their content is read once, under
    the first name); conflict_with lists report ids separated by commas.
    """
    return intakes_to_raw(read_inputs(paths, max_bytes))


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
            cut_off = CUT_MID_CHARACTER in (row["reason"] or "")
            parsed = parse_checked(row["text"], row["source"], row["sha256"], cut_off)
            out.append(replace(parsed, status=row["status"], reason=row["reason"]))
    return out


def raw_to_sections(raw: pl.DataFrame) -> pl.DataFrame:
    """Section headings of every report. Columns: SECTIONS_SCHEMA."""
    return sections_to_frame(raw_reports(raw))


def raw_to_cells(raw: pl.DataFrame) -> pl.DataFrame:
    """Canonical cells of every report, long form. Columns: CELLS_SCHEMA."""
    return cells_to_frame(raw_reports(raw))


def raw_to_reports(raw: pl.DataFrame) -> pl.DataFrame:
    """One row per input file with its final status. Columns: REPORTS_SCHEMA."""
    return reports_to_frame(raw_reports(raw)).with_columns(raw.select(INTAKE_COLUMNS).get_columns())


def raw_to_findings(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Findings and per-rule results of every report. Columns: FINDINGS_SCHEMA, RULE_RESULTS_SCHEMA."""
    reports = raw_reports(raw)
    return findings_to_frame(reports), rule_results_to_frame(reports)


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
    """Every stage frame of a raw frame, keyed as warehouse.loader.replace_year takes them."""
    findings, rule_results = raw_to_findings(raw)
    return {
        "reports": raw_to_reports(raw),
        "sections": raw_to_sections(raw),
        "cells": raw_to_cells(raw),
        "findings": findings,
        "rule_results": rule_results,
    }
