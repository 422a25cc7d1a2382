"""Evaluate every within-report rule of the catalogue on one parsed report.

Cross-year rules compare two reports of one agency, so the warehouse evaluates them;
every other catalogue rule has exactly one evaluator here (tests hold that true).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Final

from pipeline.catalogue import Rule, expand_identity, load_catalogue
from pipeline.diagnosis import describe, single_cell_fixes
from pipeline.evidence import CellIndex, index_cells
from pipeline.model import Cell, Finding, Missing, RuleStatus
from pipeline.narrative import check_narrative
from pipeline.rules_identity import check_identity
from pipeline.rules_legacy import check_part_le_whole
from pipeline.rules_table import (
    POST2019,
    check_complete,
    check_era,
    check_fee_unit,
    check_issued,
    check_regulations_power,
    check_sections,
    check_value_types,
    not_applicable,
)

CROSS_REPORT_PREFIX: Final = "cross_year."


@dataclass(frozen=True)
class Facts:
    """What the rules may look at: metadata, cells, what was missed, the text.

    `cell_index` holds `cells` by (table, row, col), built once per report by `facts()`:
    every rule asks for it. (A cached_property recomputed it on every call once compiled.)
    """

    agency: str | None
    year: int | None
    era: str
    sections: list[str]
    cells: list[Cell]
    missing: list[Missing]
    t3_rows: list[str]
    lines: list[str]
    cell_index: CellIndex

    def index(self) -> CellIndex:
        """Return the cells indexed by (table, row, col)."""
        return self.cell_index


def facts(
    agency: str | None,
    year: int | None,
    era: str,
    sections: list[str],
    cells: list[Cell],
    missing: list[Missing],
    t3_rows: list[str],
    lines: list[str],
) -> Facts:
    """Return the Facts of one report, its cells indexed."""
    return Facts(agency, year, era, sections, cells, missing, t3_rows, lines, index_cells(cells))


Evaluator = Callable[[Rule, Facts], tuple[RuleStatus, list[Finding]]]

EVALUATORS: Final[dict[str, Evaluator]] = {
    "cells.non_negative_integer": lambda r, f: check_value_types(r, f.cells),
    "t2.issued_le_in_force_plus_repealed": lambda r, f: check_issued(r, f.era, f.index()),
    "t2.fee_unit": lambda r, f: check_fee_unit(r, f.agency, f.index()),
    "t2.regulations_power": lambda r, f: check_regulations_power(r, f.agency, f.index()),
    "narrative.matches_tables": lambda r, f: check_narrative(r, f.lines, f.index()),
    "format.era_matches_year": lambda r, f: check_era(r, f.era, f.year),
    "legacy.part_le_whole": lambda r, f: (
        check_part_le_whole(r, f.cells, f.missing, f.lines)
        if f.era == "pre2019"
        else not_applicable(r, "仅适用于2019年以前的统计表")
    ),
    "structure.sections_present": lambda r, f: check_sections(r, f.era, f.sections),
    "structure.table_complete": lambda r, f: check_complete(r, f.era, f.missing),
}


def within_report_rules() -> list[Rule]:
    """Return the catalogue rules that one report can be checked against."""
    return list(_within_report_rules())


@cache
def _within_report_rules() -> tuple[Rule, ...]:
    # Every report asks for the same rules (three times): filtering the catalogue each time showed in the profile.
    return tuple(r for r in load_catalogue() if not r.id.startswith(CROSS_REPORT_PREFIX))


@cache
def _identity_rules(table: str) -> tuple[Rule, ...]:
    return tuple(r for r in _within_report_rules() if r.identity and r.identity["table"] == table)


def diagnose(findings: list[Finding], facts: Facts) -> list[Finding]:
    """Attach to each failing t3/t4 identity finding the single-cell changes that reconcile its table."""
    out = list(findings)
    if not any(f.status == "fail" for f in out):
        return out
    for table in ("t3", "t4"):
        rules = _identity_rules(table)
        failing = [i for i, f in enumerate(out) if f.status == "fail" and f.rule in {r.id for r in rules}]
        if not failing or facts.era not in POST2019:
            continue
        instances = [inst for r in rules for inst in expand_identity(r, facts.era, facts.t3_rows)]
        fixes = single_cell_fixes(instances, facts.index())
        if not fixes:
            continue
        note = describe(fixes)
        records = tuple(
            {"table": c.key[0], "row": c.key[1], "col": c.key[2], "printed": c.printed, "reconciling": c.reconciling}
            for c in fixes
        )
        for i in failing:
            out[i] = replace(out[i], message=f"{out[i].message} {note}", diagnosis=records)
    return out


def evaluate(facts: Facts) -> tuple[list[Finding], dict[str, RuleStatus]]:
    """Return the findings (fail and not_assessable) and one status per within-report rule."""
    findings: list[Finding] = []
    results: dict[str, RuleStatus] = {}
    for rule in _within_report_rules():
        if rule.identity is not None:
            if facts.era in POST2019:
                status, found = check_identity(rule, facts.era, facts.t3_rows, facts.index())
            else:
                status, found = not_applicable(rule, f"{facts.era} 报告没有统一的表三、表四")
        else:
            status, found = EVALUATORS[rule.id](rule, facts)
        results[rule.id] = status
        findings.extend(found)
    return diagnose(findings, facts), results
