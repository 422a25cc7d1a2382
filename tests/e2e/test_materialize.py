"""Materialise every asset and check of the 2021 and 2022 partitions over data/sample.

Expected results are issue 2's acceptance examples: 昆都仑区 2021 fails t4.group_total
(review 11 + 3 + 0 + 0 != 13) and gets the t2.fee_unit warning; the four 2022 reports
(康巴什区, 西峰区, 金东区, 平潭综合实验区公安局) pass every t3/t4 identity. 平潭 is the
consecutive pair (data/real/072, 073): 2021 fails t3.balance as printed (1 + 0 != 1 + 1);
across the years its carry-over holds (1 -> 1) and its 行政规范性文件 in force do not roll
(2 + 4 - 1 != 7).

The runs share one Dagster instance, and the automation conditions are evaluated after each
run, as the daemon's sensor would between runs.
"""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import ALL_ASSETS, ALL_CHECKS, build_defs, defs
from assets.resources import DEFAULT_REPORTS_DIR, ReportsDirectory, warehouse_resource
from warehouse import loader

pytestmark = pytest.mark.e2e

TABLES = ["reports", "sections", "fact_cells", "findings", "rule_results"]
Evaluations = dict[str, dg.AssetCheckEvaluation]


QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
CROSS_YEAR = dg.AssetKey("cross_year_findings")


def _materialize(
    year: str, database: Path, instance: dg.DagsterInstance, selection: list[str] | None = None
) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*ALL_ASSETS, *ALL_CHECKS],
        selection=selection,
        partition_key=year,
        instance=instance,
        run_config=QUIET,
        resources={
            "reports_dir": ReportsDirectory(path=str(DEFAULT_REPORTS_DIR)),
            "duckdb": warehouse_resource(database),
        },
    )


class AutomationTicks:
    """Evaluate the automation conditions tick by tick, keeping the cursor as the sensor does."""

    def __init__(self, database: Path, instance: dg.DagsterInstance) -> None:
        self.defs = build_defs(DEFAULT_REPORTS_DIR, database)
        self.instance = instance
        self.cursor: dg.AssetDaemonCursor | None = None

    def tick(self) -> set[str]:
        """Return the partitions of cross_year_findings this tick requests."""
        result = dg.evaluate_automation_conditions(defs=self.defs, instance=self.instance, cursor=self.cursor)
        self.cursor = result.cursor
        return set(result.get_requested_partitions(CROSS_YEAR))


def _row_counts(database: Path, year: int) -> dict[str, int]:
    con = loader.connect(database)
    try:
        return {
            t: con.sql(f"SELECT count(*) FROM {t} WHERE year = $y", params={"y": year}).fetchall()[0][0] for t in TABLES
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse whose only history is t2.fee_unit passing in 2019 and 2020.

    昆都仑区 2021 then fails t2.fee_unit at a rate of 100% against 0% before: the WARN
    rule must be raised to ERROR as a likely parser regression.
    """
    path = tmp_path_factory.mktemp("warehouse") / "nianbao.duckdb"
    con = loader.connect(path)
    try:
        loader.apply_ddl(con)
        con.execute(
            "INSERT INTO rule_results (report_id, year, agency, rule_id, status) VALUES "
            "('seed2019', 2019, '某区', 't2.fee_unit', 'pass'), ('seed2020', 2020, '某区', 't2.fee_unit', 'pass')"
        ).fetchall()
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def instance() -> Iterator[dg.DagsterInstance]:
    # In memory: an on-disk (SQLite) instance makes every run several times slower.
    with dg.DagsterInstance.ephemeral() as test_instance:
        yield test_instance


@pytest.fixture(scope="module")
def automation(database: Path, instance: dg.DagsterInstance) -> AutomationTicks:
    ticks = AutomationTicks(database, instance)
    ticks.tick()  # the sensor's first tick: nothing has been materialised yet
    return ticks


@pytest.fixture(scope="module")
def runs(
    database: Path, instance: dg.DagsterInstance, automation: AutomationTicks
) -> dict[str, dg.ExecuteInProcessResult]:
    # 2021 before 2022, each once; the idempotence tests re-run years after reading counts.
    results: dict[str, dg.ExecuteInProcessResult] = {}
    for year in ("2021", "2022"):
        results[year] = _materialize(year, database, instance)
        # Each year's run evaluated its own cross-year rules: nothing is left to re-run.
        assert automation.tick() == set()
    return results


def _text(evaluation: dg.AssetCheckEvaluation, key: str) -> str:
    return str(evaluation.metadata[key].value)


def _evaluations(result: dg.ExecuteInProcessResult) -> Evaluations:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_every_asset_and_check_runs_per_year(runs: dict[str, dg.ExecuteInProcessResult]) -> None:
    expected = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    for year, result in runs.items():
        assert result.success
        evaluations = _evaluations(result)
        assert set(evaluations) == expected
        assert {e.partition for e in evaluations.values()} == {year}


def test_2021_kundulun_fails_t4_group_total_and_fee_unit(runs: dict[str, dg.ExecuteInProcessResult]) -> None:
    evaluations = _evaluations(runs["2021"])
    group_total = evaluations["rule_t4__group_total"]
    assert not group_total.passed
    assert group_total.severity == dg.AssetCheckSeverity.WARN
    assert "昆都仑" in _text(group_total, "failing_rows")
    assert group_total.metadata["n_fail"].value == 1
    fee_unit = evaluations["rule_t2__fee_unit"]
    assert not fee_unit.passed
    assert fee_unit.severity == dg.AssetCheckSeverity.ERROR
    assert "parser regressed" in _text(fee_unit, "regression")
    assert evaluations["cells_match_schema"].passed
    balance = evaluations["rule_t3__balance"]
    assert not balance.passed
    assert balance.metadata["n_fail"].value == 1
    assert "平潭综合实验区公安局" in _text(balance, "failing_rows")


def test_2022_reports_pass_every_identity(runs: dict[str, dg.ExecuteInProcessResult]) -> None:
    evaluations = _evaluations(runs["2022"])
    for rule in ("rule_t3__balance", "rule_t3__results_sum", "rule_t3__row_total", "rule_t4__group_total"):
        assert evaluations[rule].passed, _text(evaluations[rule], "failing_rows")
        assert evaluations[rule].metadata["n_pass"].value == 4


def test_2021_has_no_previous_year_so_cross_year_rules_are_not_assessable(
    runs: dict[str, dg.ExecuteInProcessResult],
) -> None:
    evaluations = _evaluations(runs["2021"])
    for name in ("rule_cross_year__carry_over", "rule_cross_year__in_force_roll", "rule_cross_year__copy_paste"):
        check = evaluations[name]
        assert check.passed
        assert check.metadata["n_not_assessable"].value == 2
        assert check.metadata["n_pass"].value == check.metadata["n_fail"].value == 0
        assert check.metadata["reports_no_previous"].value == 2
        # Never silent: the reports that could not be paired are listed, with why.
        assert "no_previous" in _text(check, "unmatched_reports")
        assert "平潭综合实验区公安局" in _text(check, "unmatched_reports")


def test_2022_pingtan_fails_in_force_roll_and_passes_carry_over(runs: dict[str, dg.ExecuteInProcessResult]) -> None:
    evaluations = _evaluations(runs["2022"])
    roll = evaluations["rule_cross_year__in_force_roll"]
    assert not roll.passed
    assert roll.severity == dg.AssetCheckSeverity.WARN
    assert roll.metadata["n_fail"].value == 1
    failing = _text(roll, "failing_rows")
    assert "平潭综合实验区公安局" in failing
    assert "normative_docs" in failing
    assert "现行有效 2" in failing
    assert "= 5" in failing
    carry_over = evaluations["rule_cross_year__carry_over"]
    assert carry_over.passed
    assert carry_over.metadata["n_pass"].value == 1
    # The three other 2022 agencies have no 2021 report in the sample.
    assert carry_over.metadata["n_not_assessable"].value == 3
    assert carry_over.metadata["reports_matched"].value == 1
    copy_paste = evaluations["rule_cross_year__copy_paste"]
    assert copy_paste.passed
    assert copy_paste.metadata["n_pass"].value == 1


def test_rewriting_a_year_is_idempotent(
    runs: dict[str, dg.ExecuteInProcessResult], database: Path, instance: dg.DagsterInstance
) -> None:
    before = {year: _row_counts(database, year) for year in (2021, 2022)}
    assert before[2022]["fact_cells"] > 0
    assert before[2021]["fact_cells"] > 0
    assert _materialize("2022", database, instance).success
    assert {year: _row_counts(database, year) for year in (2021, 2022)} == before


def test_reloading_the_previous_year_reruns_the_next_years_cross_year_rules(
    runs: dict[str, dg.ExecuteInProcessResult],
    database: Path,
    instance: dg.DagsterInstance,
    automation: AutomationTicks,
) -> None:
    automation.tick()  # whatever earlier tests left for the sensor
    before = {year: _row_counts(database, year) for year in (2021, 2022)}
    # Only the warehouse load of 2021 (its inputs come from the IO manager): 2022's rules read it.
    assert _materialize("2021", database, instance, selection=["warehouse_tables"]).success
    assert automation.tick() == {"2022"}
    # The run the sensor launches: 2022's cross-year rules only, with the same findings.
    rerun = _materialize("2022", database, instance, selection=["cross_year_findings"])
    assert rerun.success
    assert not _evaluations(rerun)["rule_cross_year__in_force_roll"].passed
    assert _evaluations(rerun)["rule_cross_year__carry_over"].passed
    assert automation.tick() == set()
    # 2021's cross-year rows went with its reload (replace_year owns the year); its own
    # cross-year asset was not re-run here, so only 2021's counts may differ, and only there.
    after = {year: _row_counts(database, year) for year in (2021, 2022)}
    assert after[2022] == before[2022]
