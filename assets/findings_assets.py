"""The findings asset: catalogue rules evaluated per report, one asset check per rule.

The checks are generated from the catalogue's within-report rules, so adding a rule to
expectations/rule_catalogue.yaml adds its check here (cross_year.* rules are checked by
assets/cross_year_assets.py). None of them blocks: a source
finding is about the agency's numbers and must never stop the pipeline.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from statistics import fmean

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource
from duckdb import DuckDBPyConnection

from assets.checks_metadata import failures_to_check_result
from assets.partitions import report_years
from assets.resources import WAREHOUSE_POOL
from assets.stage_assets import schema_check_spec, status_counts
from expectations import schemas
from pipeline import stages
from pipeline.catalogue import Rule
from pipeline.rules import within_report_rules
from warehouse import loader

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


def historical_fail_rates(duckdb: DuckDBResource, year: int) -> dict[str, list[float]]:
    """Return rule_id -> fail rates of every other year stored in the warehouse."""
    with duckdb.get_connection() as con:
        loader.apply_ddl(con)
        return fail_rates_of_other_years(con, year)


def fail_rates_of_other_years(con: DuckDBPyConnection, year: int) -> dict[str, list[float]]:
    """Return rule_id -> fail rates of every other year, on an open warehouse connection."""
    rates = con.sql(
        "SELECT rule_id, 1 - pass_rate AS fail_rate FROM v_rule_pass_rate "
        "WHERE year IS NOT NULL AND year <> $year AND pass_rate IS NOT NULL",
        params={"year": year},
    ).pl()
    return {rule_id: list(group["fail_rate"]) for (rule_id,), group in rates.group_by("rule_id")}


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


def rule_check_spec(rule: Rule, asset: str = "report_findings") -> dg.AssetCheckSpec:
    """Return the non-blocking, per-year check spec of one catalogue rule on `asset`."""
    return dg.AssetCheckSpec(
        rule_check_name(rule.id),
        asset=asset,
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
    # It reads other years' fail rates from the warehouse file.
    pool=WAREHOUSE_POOL,
    check_specs=[
        schema_check_spec("findings_match_schema", "report_findings", "FindingsFrame"),
        schema_check_spec("rule_results_match_schema", "report_findings", "RuleResultsFrame"),
        *(rule_check_spec(rule) for rule in within_report_rules()),
    ],
)
def report_findings(
    context: dg.AssetExecutionContext, raw_reports: pl.DataFrame, duckdb: DuckDBResource
) -> Iterator[dg.Output[tuple[pl.DataFrame, pl.DataFrame]] | dg.AssetCheckResult]:
    """Evaluate every catalogue rule on each report: (findings, rule_results)."""
    findings, rule_results = stages.raw_to_findings(raw_reports)
    history = historical_fail_rates(duckdb, int(context.partition_key))
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
    counts = rule_status_counts(rule_results)
    n_reports = rule_results["report_id"].n_unique()
    # passed follows rule_results (one row per report and rule); findings add the detail.
    failing = failing_rows(findings, rule_results)
    # Cross-year rules need two years: cross_year_findings (assets/cross_year_assets.py) checks them.
    for rule in within_report_rules():
        yield rule_check_result(
            rule,
            failing.filter(pl.col("rule_id") == rule.id),
            counts.get(rule.id, RuleCounts()),
            n_reports,
            history.get(rule.id, []),
        )
