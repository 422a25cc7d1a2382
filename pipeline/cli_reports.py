"""`nianbao parse` and `nianbao check`: one report file at a time, no warehouse needed.

Files are read as the pipeline reads them (pipeline.intake): a file given twice, or two
files with the same bytes, is read once and the second is reported as a duplicate; a file
that is a different report of the same agency and year as an earlier one is flagged as a
conflict. Neither makes the exit code 2: that is for files that can't be read.
"""

import argparse
import json
from pathlib import Path
from typing import Any

from pipeline.decode import DEFAULT_MAX_BYTES
from pipeline.intake import Intake, iter_inputs
from pipeline.model import Finding, Report

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    """Add the parse and check subcommands."""
    p_parse = sub.add_parser("parse", help="print the cells and findings of each report")
    p_parse.add_argument("files", nargs="+", type=Path)
    p_parse.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    p_parse.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    p_parse.set_defaults(run=lambda a: parse_command(a.files, a.max_bytes, a.json))
    p_check = sub.add_parser("check", help="lint each report: exit 1 on error findings, 2 on unreadable files")
    p_check.add_argument("files", nargs="+", type=Path)
    p_check.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    p_check.add_argument("--all", action="store_true", help="also list not_assessable results")
    p_check.set_defaults(run=lambda a: check_command(a.files, a.max_bytes, a.all))


def parse_command(files: list[Path], max_bytes: int, as_json: bool) -> int:
    """Print each report as JSON (or a cell listing); exit 2 if any file was rejected."""
    code = 0
    sources: dict[str, str] = {}
    for intake in iter_inputs(files, max_bytes):
        report = intake.report
        sources[intake.report_id] = report.source
        if report.status == "rejected" and intake.duplicate_of is None:
            code = 2
        if as_json:
            related = {"duplicate_of": intake.duplicate_of, "conflict_with": [sources[i] for i in intake.conflict_with]}
            print(json.dumps(report.to_json() | related, ensure_ascii=False), flush=True)
        else:
            print(f"{report.source}: {report.status} {report.agency or '?'} {report.year or '?'} {report.era or '?'}")
            notes = [f"  duplicate of {intake.duplicate_of}"] if intake.duplicate_of else []
            for note in notes + _conflicts(intake, sources):
                print(note)
            for c in report.cells:
                print(f"  {c.table}\t{c.row}\t{c.col}\t{c.value}\tline {c.line}")
    return code


def check_command(files: list[Path], max_bytes: int, show_all: bool) -> int:
    """Print a linter-style report per file; exit 0 clean, 1 error findings, 2 rejected files."""
    worst = 0
    counts = {"error": 0, "warning": 0, "info": 0}
    sources: dict[str, str] = {}
    for intake in iter_inputs(files, max_bytes):
        report = intake.report
        sources[intake.report_id] = report.source
        print(_headline(report))  # a duplicate's reason names the first copy
        for note in _conflicts(intake, sources):
            print(note)
        if report.status == "rejected":
            worst = 2 if intake.duplicate_of is None else worst
            continue
        for f in sorted(report.findings, key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), f.rule, f.scope)):
            if f.status == "fail" or show_all:
                print(_finding_line(report.source, f))
            if f.status == "fail":
                counts[f.severity] = counts.get(f.severity, 0) + 1
                if f.severity == "error" and worst == 0:
                    worst = 1
    print(f"\n{len(files)} file(s): {counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info")
    return worst


def _conflicts(intake: Intake, sources: dict[str, str]) -> list[str]:
    """Name the earlier files that are different reports of the same agency and year, one line each."""
    r = intake.report
    return [
        f"  {r.source}: conflict: {sources[other]} is a different report of {r.agency} {r.year}; both are kept"
        for other in intake.conflict_with
    ]


def _headline(r: Report) -> str:
    if r.status == "rejected":
        return f"{r.source}: rejected: {r.reason}"
    tail = f" ({r.reason})" if r.reason else ""
    return f"{r.source}: {r.agency or '?'} {r.year or '?'} {r.era} {r.status}, {len(r.cells)} cells{tail}"


def _finding_line(source: str, f: Finding) -> str:
    line = next((c.get("line") for c in f.cells if c.get("line")), None)
    where = f"{source}:{line}" if line else source
    status = "" if f.status == "fail" else f" [{f.status}]"
    return f"  {where}: {f.severity} {f.rule}{status} {f.message}"
