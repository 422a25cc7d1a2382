"""Turn parsed reports into the polars frames that every later stage consumes.

Column names and dtypes here are the warehouse contract (see warehouse/ddl).
"""

import json

import polars as pl

from pipeline import PARSER_VERSION
from pipeline.frame_columns import cell_columns, report_id
from pipeline.model import Report

# The columns that say which input a row is and how it fared, first in every per-file frame.
REPORT_IDENTITY_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "source": pl.String(),
    "sha256": pl.String(),
    "year": pl.Int64(),
    "agency": pl.String(),
    "era": pl.String(),
    "status": pl.String(),
    "reason": pl.String(),
}
REPORTS_SCHEMA: dict[str, pl.DataType] = {
    **REPORT_IDENTITY_SCHEMA,
    "n_cells": pl.Int64(),
    "n_missing": pl.Int64(),
    "parser_version": pl.String(),
    # Relations to the other inputs of the run (pipeline.intake): the source this file
    # duplicates byte for byte, and the report ids of other reports of its agency and year.
    "duplicate_of": pl.String(),
    "conflict_with": pl.String(),
}
SECTIONS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "year": pl.Int64(),
    "section_code": pl.String(),
    "line": pl.Int64(),
}
CELLS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "year": pl.Int64(),
    "agency": pl.String(),
    "era": pl.String(),
    "table_code": pl.String(),
    "row_code": pl.String(),
    "col_code": pl.String(),
    "value": pl.Float64(),
    "raw": pl.String(),
    "line": pl.Int64(),
    "unit": pl.String(),
    "origin": pl.String(),
}
FINDINGS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "year": pl.Int64(),
    "agency": pl.String(),
    "rule_id": pl.String(),
    "severity": pl.String(),
    "status": pl.String(),
    "scope": pl.String(),
    "message": pl.String(),
    "expected": pl.Float64(),
    "actual": pl.Float64(),
    "cells": pl.String(),
    "lines": pl.String(),
    "context": pl.String(),
}
# Cells the parser saw but could not read with certainty (pipeline.model.Missing), with why:
# extraction gaps, never source findings, kept so that nobody mistakes them for blanks.
UNREAD_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "year": pl.Int64(),
    "agency": pl.String(),
    "table_code": pl.String(),
    "row_code": pl.String(),
    "col_code": pl.String(),
    "reason": pl.String(),
    "line": pl.Int64(),
}
RULE_RESULTS_SCHEMA: dict[str, pl.DataType] = {
    "report_id": pl.String(),
    "year": pl.Int64(),
    "agency": pl.String(),
    "rule_id": pl.String(),
    "status": pl.String(),
}


def reports_to_frame(reports: list[Report]) -> pl.DataFrame:
    """One row per input file. Columns: REPORTS_SCHEMA (duplicate_of, conflict_with null).

    Which input duplicates or conflicts with which is known only across inputs:
    pipeline.stages.raw_to_reports fills those columns from the raw frame.
    """
    rows = [
        {
            "report_id": report_id(r),
            "source": r.source,
            "sha256": r.sha256,
            "year": r.year,
            "agency": r.agency,
            "era": r.era,
            "status": r.status,
            "reason": r.reason,
            "n_cells": len(r.cells),
            "n_missing": len(r.missing),
            "parser_version": PARSER_VERSION,
            "duplicate_of": None,
            "conflict_with": None,
        }
        for r in reports
    ]
    return pl.DataFrame(rows, schema=REPORTS_SCHEMA)


def sections_to_frame(reports: list[Report]) -> pl.DataFrame:
    """One row per section heading found. Columns: SECTIONS_SCHEMA."""
    rows = [
        {"report_id": report_id(r), "year": r.year, "section_code": s.code, "line": s.line}
        for r in reports
        for s in r.sections
    ]
    return pl.DataFrame(rows, schema=SECTIONS_SCHEMA)


def cells_to_frame(reports: list[Report]) -> pl.DataFrame:
    """One row per extracted cell, in long form. Columns: CELLS_SCHEMA."""
    columns = cell_columns(reports)
    return pl.DataFrame([pl.Series(k, v, dtype=t) for (k, t), v in zip(CELLS_SCHEMA.items(), columns, strict=True)])


def _report_keys(r: Report) -> dict[str, object]:
    """The columns that tie a findings, rule-results or unread row to its report."""
    return {"report_id": report_id(r), "year": r.year, "agency": r.agency}


def findings_to_frame(reports: list[Report]) -> pl.DataFrame:
    """One row per failing or not-assessable rule scope. Columns: FINDINGS_SCHEMA."""
    rows = [
        {
            **_report_keys(r),
            "rule_id": f.rule,
            "severity": f.severity,
            "status": f.status,
            "scope": f.scope,
            "message": f.message,
            "expected": f.expected,
            "actual": f.actual,
            "cells": json.dumps(list(f.cells), ensure_ascii=False),
            "lines": ",".join(str(c["line"]) for c in f.cells if c.get("line") is not None),
            "context": json.dumps([{"line": n, "text": t} for n, t in f.context], ensure_ascii=False),
        }
        for r in reports
        for f in r.findings
    ]
    return pl.DataFrame(rows, schema=FINDINGS_SCHEMA)


def rule_results_to_frame(reports: list[Report]) -> pl.DataFrame:
    """One row per (report, rule) with pass, fail or not_assessable. Columns: RULE_RESULTS_SCHEMA."""
    rows = [{**_report_keys(r), "rule_id": rule, "status": st} for r in reports for rule, st in r.rule_results.items()]
    return pl.DataFrame(rows, schema=RULE_RESULTS_SCHEMA)


def unread_to_frame(reports: list[Report]) -> pl.DataFrame:
    """One row per cell the parser could not read with certainty. Columns: UNREAD_SCHEMA."""
    rows = [
        {
            **_report_keys(r),
            "table_code": m.table,
            "row_code": m.row,
            "col_code": m.col,
            "reason": m.reason,
            "line": m.line,
        }
        for r in reports
        for m in r.missing
    ]
    return pl.DataFrame(rows, schema=UNREAD_SCHEMA)
