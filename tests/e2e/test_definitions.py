"""The Definitions load, name one check per catalogue rule, schedule the two open years, freeze at exit."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import polars as pl
import pytest

from assets.definitions import defs
from assets.findings_assets import rule_check_name
from assets.partitions import report_years
from assets.resources import Inbox, warehouse_resource
from pipeline.catalogue import load_catalogue
from warehouse import loader

SHANGHAI = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[2]


def _check_names() -> dict[str, set[str]]:
    graph = defs.resolve_asset_graph()
    names: dict[str, set[str]] = {}
    for key in graph.asset_check_keys:
        names.setdefault(key.asset_key.to_user_string(), set()).add(key.name)
    return names


def test_asset_keys_are_the_catalogue_the_five_stages_gx_inputs_cross_year_and_the_report() -> None:
    keys = sorted(key.to_user_string() for key in defs.resolve_all_asset_keys())
    assert keys == [
        "cross_year_findings",
        "quality_report",
        "raw_reports",
        "report_catalogue",
        "report_cells",
        "report_findings",
        "report_sections",
        "warehouse_gx_inputs",  # the rows the GX checks read, taken after the load
        "warehouse_tables",
    ]


def test_one_check_per_catalogue_rule_plus_schema_checks() -> None:
    names = _check_names()
    expected_rules = {rule_check_name(rule.id) for rule in load_catalogue()}
    assert "rule_t4__group_total" in expected_rules
    # Each rule is checked once: the cross-year ones where two years meet, the others per report.
    cross_year = {name for name in expected_rules if name.startswith("rule_cross_year__")}
    assert cross_year == {
        "rule_cross_year__carry_over",
        "rule_cross_year__in_force_roll",
        "rule_cross_year__copy_paste",
    }
    assert names["cross_year_findings"] == cross_year
    assert names["report_findings"] == (expected_rules - cross_year) | {
        "findings_match_schema",
        "rule_results_match_schema",
    }
    assert names["raw_reports"] == {"raw_match_schema"}
    assert names["report_sections"] == {"sections_match_schema"}
    assert names["report_cells"] == {"cells_match_schema"}
    # Every SQL file in warehouse/checks/ runs as a check, next to the two GX suites and the
    # integrity checks (assets/integrity_checks.py).
    assert names["warehouse_tables"] == {
        *loader.check_names(),
        "gx_warehouse_identities",
        "gx_fact_cells",
        "reports_match_schema",
        "unread_match_schema",
        "every_input_is_one_report_row",
        "one_report_per_agency_and_year",
    }


def test_checks_are_partitioned_by_report_year() -> None:
    graph = defs.resolve_asset_graph()
    for key in graph.asset_check_keys:
        assert graph.get(key).partitions_def == report_years, key


def test_extraction_schema_checks_block_and_rule_checks_do_not() -> None:
    graph = defs.resolve_asset_graph()
    blocking = {key.name for key in graph.asset_check_keys if graph.get(key).blocking}
    assert {"raw_match_schema", "sections_match_schema", "cells_match_schema"} <= blocking
    # Source findings never stop the pipeline.
    assert not blocking & {rule_check_name(rule.id) for rule in load_catalogue()}


def test_cross_year_findings_read_this_year_and_the_previous_one() -> None:
    graph = defs.resolve_asset_graph()
    cross_year = dg.AssetKey("cross_year_findings")
    mapping = graph.get(cross_year).partition_mappings[dg.AssetKey("warehouse_tables")]
    assert isinstance(mapping, dg.TimeWindowPartitionMapping)
    upstream = mapping.get_upstream_mapped_partitions_result_for_partitions(
        report_years.subset_with_partition_keys(["2022"]), report_years, report_years
    )
    assert sorted(upstream.partitions_subset.get_partition_keys()) == ["2021", "2022"]
    # The first year has no year before it: still a valid dependency, not an error.
    first = mapping.get_upstream_mapped_partitions_result_for_partitions(
        report_years.subset_with_partition_keys(["2008"]), report_years, report_years
    )
    assert sorted(first.partitions_subset.get_partition_keys()) == ["2008"]
    # Re-materialising any year (not only the latest) must re-run the next year's rules,
    # and a sensor that is on by default evaluates that, with the warehouse-writer tag.
    condition = graph.get(cross_year).automation_condition
    assert condition is not None
    latest_only = type(dg.AutomationCondition.in_latest_time_window())
    assert any(isinstance(c, latest_only) for c in dg.AutomationCondition.eager().children)
    assert not any(isinstance(c, latest_only) for c in condition.children)
    sensor = defs.resolve_sensor_def("cross_year_automation")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_partitions_run_from_2008_to_the_current_year() -> None:
    now = datetime(2026, 12, 1, tzinfo=SHANGHAI)
    keys = report_years.get_partition_keys(current_time=now)
    assert keys[0] == "2008"
    assert keys[-1] == "2026"


def test_nightly_schedule_requests_current_and_previous_year(tmp_path: Path) -> None:
    # 1 January 02:00 in Shanghai is still 31 December in UTC: the new year's partition
    # must already exist, or the first run of the year would be refused.
    when = datetime(2027, 1, 1, 2, 0, tzinfo=SHANGHAI)
    schedule = defs.resolve_schedule_def("nightly_reports_schedule")
    # An empty inbox and warehouse: no stale year (tests/production covers those).
    (tmp_path / "inbox").mkdir()
    resources = {
        "reports_dir": Inbox(path=str(tmp_path / "inbox")),
        "duckdb": warehouse_resource(tmp_path / "w.duckdb"),
    }
    context = dg.build_schedule_context(
        scheduled_execution_time=when, repository_def=defs.get_repository_def(), resources=resources
    )
    requests = schedule.evaluate_tick(context).run_requests or []
    assert [r.partition_key for r in requests] == ["2027", "2026"]
    assert [r.run_key for r in requests] == ["2027-01-01-2027", "2027-01-01-2026"]
    assert schedule.execution_timezone == "Asia/Shanghai"
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.job_name == "annual_reports_job"
    job = defs.resolve_job_def("annual_reports_job")
    assert job.partitions_def == report_years
    # Marks the runs that write the DuckDB file (the duckdb_writer pool serialises the writes).
    assert job.run_tags == {"nianbao/warehouse": "write"}


# A cycle whose finaliser prints: run by the collector's passes at exit unless they skip it.
_CYCLE_AT_EXIT = """
import gc
gc.disable()
class Noisy:
    def __del__(self):
        print("collected at exit")
a = Noisy()
a.me = a
del a
"""


@pytest.mark.parametrize(("setup", "collected"), [("", True), ("import assets.definitions", False)])
def test_a_process_that_loads_the_code_location_skips_the_collector_at_exit(setup: str, collected: bool) -> None:
    out = subprocess.run(
        [sys.executable, "-c", f"{setup}\n{_CYCLE_AT_EXIT}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert ("collected at exit" in out) is collected


def test_gx_failing_rows_are_named_and_sorted_whatever_order_gx_gives() -> None:
    from assets.warehouse_assets import failing_rows_table

    names = pl.DataFrame({"report_id": ["r1", "r2"], "agency": ["甲局", "乙局"], "source": ["a.txt", "b.txt"]})
    records = [
        {"report_id": "r2", "row_code": "granted", "value": 3.0, "failed_rule": "cells.non_negative_integer"},
        {"report_id": "r1", "row_code": "total", "value": None, "failed_rule": "x"},
        {"report_id": "r1", "row_code": "denied", "value": -1.0, "failed_rule": "cells.non_negative_integer"},
    ]
    table = failing_rows_table(records, names)

    assert table.columns[:3] == ["report_id", "agency", "source"]
    assert table.select("report_id", "row_code").rows() == [("r1", "denied"), ("r1", "total"), ("r2", "granted")]
    assert table["agency"].to_list() == ["甲局", "甲局", "乙局"]
    assert failing_rows_table(list(reversed(records)), names).equals(table)
    assert failing_rows_table([], names).is_empty()
