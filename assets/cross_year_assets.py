"""The cross-year findings asset: each year's reports against the same agencies' previous year.

Year N's cross-year rules read the warehouse rows of N and N-1, so the asset depends on
warehouse_tables for both partitions, and its automation condition re-runs year N when
either is re-materialised (the default automation condition sensor, run by the Dagster
daemon, launches it). One WARN check per cross-year rule, named like the within-report ones.
"""

import warnings

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from assets.checks_metadata import frame_to_markdown
from assets.findings_assets import (
    RuleCounts,
    failing_rows,
    rule_check_result,
    rule_check_spec,
    rule_status_counts,
)
from assets.partitions import report_years
from assets.resources import WAREHOUSE_POOL
from assets.schedules import WAREHOUSE_TAG
from pipeline.catalogue import Rule, rules_by_id
from warehouse import cross_year, loader

CROSS_YEAR_RULES: list[Rule] = [rules_by_id()[rule_id] for rule_id in cross_year.RULES]
UNMATCHED_COLUMNS = ["report_id", "agency", "agency_key", "match", "n_prev"]

# Dagster allows one partition mapping per upstream asset, so "this year and the previous
# one" is the window [N-1, N]. The first year (2008) has no 2007 partition: allowed, and its
# reports are then not_assessable (no previous report).
with warnings.catch_warnings():
    # The parameter is beta in dagster 1.13, and it is the documented way to let the first
    # partition depend on one before it; silence only this construction's warning.
    warnings.simplefilter("ignore", dg.BetaWarning)
    SAME_AND_PREVIOUS_YEAR = dg.TimeWindowPartitionMapping(
        start_offset=-1, end_offset=0, allow_nonexistent_upstream_partitions=True
    )
# eager() alone only ever runs the latest time partition; reloading 2021 must re-run 2022's
# cross-year rules too, so that sub-condition is removed. eager() still waits until both
# years are materialised and none is in progress; a year whose previous year is missing gets
# its findings from the job run that loads it.
CROSS_YEAR_AUTOMATION = (
    dg.AutomationCondition.eager()
    .without(dg.AutomationCondition.in_latest_time_window())
    .with_label("eager, every year")
)


def cross_year_check_spec(rule: Rule) -> dg.AssetCheckSpec:
    """Return the non-blocking, per-year check spec of one cross-year rule."""
    return rule_check_spec(rule, asset="cross_year_findings")


@dg.asset(
    partitions_def=report_years,
    group_name="warehouse",
    deps=[dg.AssetDep("warehouse_tables", partition_mapping=SAME_AND_PREVIOUS_YEAR)],
    automation_condition=CROSS_YEAR_AUTOMATION,
    check_specs=[cross_year_check_spec(rule) for rule in CROSS_YEAR_RULES],
    # It writes the warehouse file: in the pool, like every step that opens it (dagster.yaml).
    pool=WAREHOUSE_POOL,
)
def cross_year_findings(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    """Evaluate the cross-year rules on the year's reports and replace their stored results."""
    year = int(context.partition_key)
    with duckdb.get_connection() as con:
        loader.apply_ddl(con)
        pairs = cross_year.match_reports(con, year)
        counts = cross_year.evaluate_cross_year(con, year, context.run.run_id, pairs)
        findings, rule_results = cross_year.stored_results(con, year)
        history = loader.fail_rates_of_other_years(con, year)
    failing = failing_rows(findings, rule_results)
    per_rule = rule_status_counts(rule_results)
    not_matched = pairs.filter(pl.col("match") != "matched").select(UNMATCHED_COLUMNS)
    # Every check shows which reports it could not pair: an unmatched report is never silent.
    matching: dict[str, dg.MetadataValue] = {
        **{key: dg.MetadataValue.int(n) for key, n in counts.items() if key.startswith("reports_")},
        "unmatched_reports": dg.MetadataValue.md(
            frame_to_markdown(not_matched) if not_matched.height else "Every report has its previous year's report."
        ),
    }
    checks = [
        rule_check_result(
            rule,
            failing.filter(pl.col("rule_id") == rule.id),
            per_rule.get(rule.id, RuleCounts()),
            pairs.height,
            history.get(rule.id, []),
        )
        for rule in CROSS_YEAR_RULES
    ]
    return dg.MaterializeResult(
        metadata={
            **counts,
            "failing_reports": dg.MetadataValue.md(frame_to_markdown(failing) if failing.height else "No failures."),
            **matching,
        },
        check_results=[check.with_metadata({**check.metadata, **matching}) for check in checks],
    )


# The automation condition above acts only while a sensor evaluates it. This one is on by
# default (like the nightly schedule); its runs carry the warehouse-writer tag, and the
# duckdb_writer pool (dagster.yaml) keeps their write apart from every other run's.
cross_year_automation = dg.AutomationConditionSensorDefinition(
    "cross_year_automation",
    target=dg.AssetSelection.assets(cross_year_findings),
    run_tags={WAREHOUSE_TAG: "write"},
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=60,
    description="Re-run a year's cross-year findings when that year or the previous one is re-materialised.",
)
