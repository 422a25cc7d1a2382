"""Partitioned stage assets: raw report texts, sections and cells, each with its pandera check.

Each asset is a thin wrapper over one `pipeline.stages` function. The schema checks are
blocking: a frame that breaks its schema means our extraction is wrong, so nothing
downstream may consume it in the same run.
"""

from collections.abc import Iterator
from typing import get_args

import dagster as dg
import polars as pl

from assets.checks_metadata import failures_to_check_result, frame_to_markdown
from assets.partitions import report_years
from assets.resources import Inbox
from expectations import schemas
from pipeline import stages
from pipeline.model import Status
from warehouse import catalogue

REPORT_STATUSES: tuple[str, ...] = get_args(Status)
PREVIEW_COLUMNS = ["report_id", "source", "agency", "year", "era", "status", "reason"]


def schema_check_spec(name: str, asset: str, model: str) -> dg.AssetCheckSpec:
    """Return the spec of a blocking, per-year pandera check of `asset` against `model`."""
    return dg.AssetCheckSpec(
        name,
        asset=asset,
        blocking=True,
        partitions_def=report_years,
        description=f"pandera: the frame matches expectations.schemas.{model} (extraction integrity).",
    )


def status_counts(frame: pl.DataFrame, statuses: tuple[str, ...] = REPORT_STATUSES) -> dict[str, int]:
    """Return the number of rows per `status`, keyed n_<status>, zeros included (plotted by Dagster)."""
    counts = dict.fromkeys(statuses, 0) | dict(frame.group_by("status").len().iter_rows())
    return {f"n_{status}": n for status, n in sorted(counts.items())}


@dg.asset(
    partitions_def=report_years,
    group_name="raw",
    check_specs=[schema_check_spec("raw_match_schema", "raw_reports", "RawFrame")],
)
def raw_reports(
    context: dg.AssetExecutionContext, reports_dir: Inbox, report_catalogue: pl.DataFrame
) -> Iterator[dg.Output[pl.DataFrame] | dg.AssetCheckResult]:
    """Decode the partition year's report files, as catalogued, and the undatable ones."""
    year = int(context.partition_key)
    # A file whose year could not be read belongs to no partition; every run carries it
    # so that rejected files are always recorded (the warehouse upserts them by sha256).
    # A file changed since it was catalogued may read as another year now (year=): that
    # year's run takes it once the catalogue has caught up.
    raw = stages.read_reports(
        catalogue.files_for_year(report_catalogue, year), max_bytes=reports_dir.max_bytes, year=year
    )
    yield dg.Output(
        raw,
        metadata={
            "n_reports": raw.height,
            **status_counts(raw),
            "preview": dg.MetadataValue.md(frame_to_markdown(raw.select(PREVIEW_COLUMNS))),
        },
    )
    yield failures_to_check_result(schemas.find_schema_violations(raw, schemas.RawFrame), check_name="raw_match_schema")


@dg.asset(
    partitions_def=report_years,
    group_name="core",
    check_specs=[schema_check_spec("sections_match_schema", "report_sections", "SectionsFrame")],
)
def report_sections(raw_reports: pl.DataFrame) -> Iterator[dg.Output[pl.DataFrame] | dg.AssetCheckResult]:
    """Find the statutory sections of each report: one row per heading and its line."""
    sections = stages.raw_to_sections(raw_reports)
    per_report = sections.group_by("report_id").len("n_sections").sort("report_id")
    yield dg.Output(
        sections,
        metadata={
            "n_sections": sections.height,
            "n_reports": per_report.height,
            "sections_per_report": dg.MetadataValue.md(frame_to_markdown(per_report)),
        },
    )
    yield failures_to_check_result(
        schemas.find_schema_violations(sections, schemas.SectionsFrame), check_name="sections_match_schema"
    )


@dg.asset(
    partitions_def=report_years,
    group_name="core",
    check_specs=[schema_check_spec("cells_match_schema", "report_cells", "CellsFrame")],
)
def report_cells(raw_reports: pl.DataFrame) -> Iterator[dg.Output[pl.DataFrame] | dg.AssetCheckResult]:
    """Extract the canonical t2/t3/t4/legacy cells of each report, in long form."""
    cells = stages.raw_to_cells(raw_reports)
    # One row per report, one column per statutory table: how complete each grid is. The
    # streaming engine groups in bounded memory: the in-memory group_by took 550 MB of RSS on
    # the 2 million cells of the 100k bench's largest year, the run's peak.
    counts = cells.lazy().group_by("report_id", "agency", "table_code").len().collect(engine="streaming")
    per_table = counts.pivot("table_code", index=["report_id", "agency"], values="len", sort_columns=True).sort(
        "report_id"
    )
    yield dg.Output(
        cells,
        metadata={
            "n_cells": cells.height,
            "n_blank_cells": cells["value"].null_count(),
            "n_reports": per_table.height,
            "cells_per_report": dg.MetadataValue.md(frame_to_markdown(per_table)),
        },
    )
    yield failures_to_check_result(
        schemas.find_schema_violations(cells, schemas.CellsFrame), check_name="cells_match_schema"
    )
