"""The findings asset: catalogue rules evaluated per report, one asset check per rule.

The checks are generated from the catalogue's within-report rules, so adding a rule to
expectations/rule_catalogue.yaml adds its check here (cross_year.* rules are checked by
assets/cross_year_assets.py). None of them blocks: a source
finding is about the agency's numbers and must never stop the pipeline.

The rule checks run in their own step after the year's load (report_rule_checks), with the
other years' fail rates that the load read while it held the warehouse: neither step needs
the warehouse pool, and the event writes of twenty checks no longer hold it.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any

import dagster as dg
import polars as pl

from assets.checks_metadata import failures_to_check_result
from assets.partitions import report_years
from assets.stage_assets import schema_check_spec, status_counts
from assets.warehouse_assets import FAIL_RATES_KEY, latest_load, warehouse_tables
from expectations import schemas
from pipeline import stages
from pipeline.catalogue import Rule
from pipeline.rules import within_report_rules

# Who is at fault decides the severity: the agency (source) or our reading (extraction).
KIND_SEVERITY = {"source": dg.AssetCheckSeverity.WARN, "extraction": dg.AssetCheckSeverity.ERROR}
# A WARN rule whose fail rate this year exceeds its mean over other years by more than
# this many points is more likely a parser regression than many agencies erring at once.
FAIL_RATE_JUMP = 0.25
MIN_OTHER_YEARS = 2
# A finding is a failing or not-assessable scope; passes live only in rule_results.
FINDING_STATUSES = ("fail", "not_assessable")
FAILING_COLUMNS = ["report_id", "agency", "rule_id", "scope", "expected", "actual", "source_lines", "message"]


def rule_check_name(rule_id: str) -> str:
    """Return the asset check name of a catalogue rule: t3.row_total -> rule_t3__row_total."""
    return "rule_" + rule_id.replace(".", "__")


@dataclass(frozen=True)
class RuleCounts:
    """How the reports of one partition fared on one rule."""

    n_pass: int = 0
    n_fail: int = 0
    n_not_assessable: int = 0

    @property
    def fail_rate(self) -> float | None:
        """Return n_fail / (n_pass + n_fail), or None when nothing was assessable.

        not_assessable is neither a pass nor a failure (the definition of v_rule_pass_rate).
        """
        assessed = self.n_pass + self.n_fail
        return self.n_fail / assessed if assessed else None


def rule_status_counts(rule_results: pl.DataFrame) -> dict[str, RuleCounts]:
    """Count pass, fail and not_assessable results per rule_id."""
    status = pl.col("status")
    counts = rule_results.group_by("rule_id").agg(
        n_pass=(status == "pass").sum(),
        n_fail=(status == "fail").sum(),
        n_not_assessable=(status == "not_assessable").sum(),
    )
    return {row.pop("rule_id"): RuleCounts(**row) for row in counts.iter_rows(named=True)}


def regression_note(rate: float | None, other_rates: list[float]) -> str | None:
    """Say why this year's fail rate looks like a parser regression, or None if it does not."""
    if rate is None or len(other_rates) < MIN_OTHER_YEARS:
        return None
    level = fmean(other_rates)
    if rate <= level + FAIL_RATE_JUMP:
        return None
    return (
        f"Fail rate {rate:.0%} this year against {level:.0%} on average over "
        f"{len(other_rates)} other years: a jump like this usually means the parser "
        "regressed, not that agencies erred, so this WARN rule is raised to ERROR."
    )


def rule_check_result(
    rule: Rule, failing: pl.DataFrame, counts: RuleCounts, n_reports: int, other_rates: list[float]
) -> dg.AssetCheckResult:
    """Build the check result of one catalogue rule from its failing rows and counts."""
    severity = KIND_SEVERITY[rule.kind]
    note = regression_note(counts.fail_rate, other_rates)
    extra: dict[str, dg.MetadataValue] = {}
    if note is not None and severity == dg.AssetCheckSeverity.WARN:
        severity = dg.AssetCheckSeverity.ERROR
        extra["regression"] = dg.MetadataValue.md(note)
    numbers: dict[str, int | float] = {
        "n_pass": counts.n_pass,
        "n_fail": counts.n_fail,
        "n_not_assessable": counts.n_not_assessable,
        "n_reports": n_reports,
    }
    if counts.fail_rate is not None:
        numbers["fail_rate"] = counts.fail_rate
    if other_rates:
        numbers["historical_fail_rate"] = fmean(other_rates)
    return failures_to_check_result(
        failing,
        check_name=rule_check_name(rule.id),
        severity=severity,
        counts=numbers,
        extra=extra,
        description=f"{rule.id} ({rule.severity}, {rule.kind}): {rule.description}",
    )


def rule_check_spec(rule: Rule, asset: str = "report_findings", after: Sequence[dg.AssetKey] = ()) -> dg.AssetCheckSpec:
    """Return the non-blocking, per-year check spec of one catalogue rule on `asset`, run after `after`."""
    return dg.AssetCheckSpec(
        rule_check_name(rule.id),
        asset=asset,
        additional_deps=after,
        partitions_def=report_years,
        description=f"{rule.id} [{rule.severity}, {rule.kind}] {rule.description} — {rule.statute}",
        metadata={"rule_id": rule.id, "formula": rule.formula},
    )


def failing_rows(findings: pl.DataFrame, rule_results: pl.DataFrame) -> pl.DataFrame:
    """Return one row per failing (report, rule, scope): the FAILING_COLUMNS of report_findings."""
    return (
        rule_results.filter(pl.col("status") == "fail")
        .select("report_id", "agency", "rule_id")
        .join(
            findings.filter(pl.col("status") == "fail").drop("agency").rename({"lines": "source_lines"}),
            on=["report_id", "rule_id"],
            how="left",
        )
        .select(FAILING_COLUMNS)
        .sort("report_id", "rule_id", "scope")
    )


@dg.asset(
    partitions_def=report_years,
    group_name="core",
    check_specs=[
        schema_check_spec("findings_match_schema", "report_findings", "FindingsFrame"),
        schema_check_spec("rule_results_match_schema", "report_findings", "RuleResultsFrame"),
    ],
)
def report_findings(
    raw_reports: pl.DataFrame,
) -> Iterator[dg.Output[tuple[pl.DataFrame, pl.DataFrame]] | dg.AssetCheckResult]:
    """Evaluate every catalogue rule on each report: (findings, rule_results)."""
    findings, rule_results = stages.raw_to_findings(raw_reports)
    yield dg.Output(
        (findings, rule_results),
        metadata={
            "n_findings": findings.height,
            "n_rule_results": rule_results.height,
            **status_counts(findings, FINDING_STATUSES),
        },
    )
    yield failures_to_check_result(
        schemas.find_schema_violations(findings, schemas.FindingsFrame), check_name="findings_match_schema"
    )
    yield failures_to_check_result(
        schemas.find_schema_violations(rule_results, schemas.RuleResultsFrame),
        check_name="rule_results_match_schema",
    )


@dg.multi_asset_check(
    name="report_rule_checks",
    # Cross-year rules need two years: cross_year_findings (assets/cross_year_assets.py) checks them.
    specs=[rule_check_spec(rule, after=[warehouse_tables.key]) for rule in within_report_rules()],
    ins={"report_findings": dg.AssetIn("report_findings")},
    can_subset=True,
)
def report_rule_checks(
    context: dg.AssetCheckExecutionContext, report_findings: tuple[pl.DataFrame, pl.DataFrame]
) -> Iterator[dg.AssetCheckResult]:
    """One check per within-report rule: its failing reports, and its fail rate against other years'."""
    findings, rule_results = report_findings
    selected = {key.name for key in context.selected_asset_check_keys}
    history = other_years_fail_rates(context)
    counts = rule_status_counts(rule_results)
    n_reports = rule_results["report_id"].n_unique()
    # passed follows rule_results (one row per report and rule); findings add the detail.
    failing = failing_rows(findings, rule_results)
    for rule in within_report_rules():
        if rule_check_name(rule.id) in selected:
            yield rule_check_result(
                rule,
                failing.filter(pl.col("rule_id") == rule.id),
                counts.get(rule.id, RuleCounts()),
                n_reports,
                history.get(rule.id, []),
            )


def other_years_fail_rates(context: dg.AssetCheckExecutionContext) -> dict[str, list[float]]:
    """Return rule_id -> other years' fail rates, as the partition's latest load read them ({} if none)."""
    record = latest_load(context)
    materialization = record.asset_materialization if record else None
    entry = materialization.metadata.get(FAIL_RATES_KEY) if materialization else None
    rates: Any = entry.value if entry is not None else {}  # the JSON the load wrote
    return {str(rule): [float(r) for r in values] for rule, values in rates.items()}
