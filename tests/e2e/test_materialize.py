"""Materialise every asset and check of the 2021 and 2022 partitions over data/sample.

Expected results are issue 2's acceptance examples: 昆都仑区 2021 fails t4.group_total
(review 11 + 3 + 0 + 0 != 13) and gets the t2.fee_unit warning; the three 2022 reports
(康巴什区, 西峰区, 金东区) pass every t3/t4 identity.
"""

from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import ALL_ASSETS, defs
from assets.resources import DEFAULT_REPORTS_DIR, ReportsDirectory, warehouse_resource
from assets.warehouse_assets import warehouse_checks
from warehouse import loader

pytestmark = pytest.mark.e2e

TABLES = ["reports", "sections", "fact_cells", "findings", "rule_results"]
Evaluations = dict[str, dg.AssetCheckEvaluation]


def _materialize(year: str, database: Path) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*ALL_ASSETS, *warehouse_checks],
        partition_key=year,
        resources={
            "reports_dir": ReportsDirectory(path=str(DEFAULT_REPORTS_DIR)),
            "duckdb": warehouse_resource(database),
        },
    )


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
def runs(database: Path) -> dict[str, dg.ExecuteInProcessResult]:
    # 2021 before 2022, each once; the idempotence test re-runs 2022 after reading counts.
    return {year: _materialize(year, database) for year in ("2021", "2022")}


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


def test_2022_reports_pass_every_identity(runs: dict[str, dg.ExecuteInProcessResult]) -> None:
    evaluations = _evaluations(runs["2022"])
    for rule in ("rule_t3__balance", "rule_t3__results_sum", "rule_t3__row_total", "rule_t4__group_total"):
        assert evaluations[rule].passed, _text(evaluations[rule], "failing_rows")
        assert evaluations[rule].metadata["n_pass"].value == 3


def test_rewriting_a_year_is_idempotent(runs: dict[str, dg.ExecuteInProcessResult], database: Path) -> None:
    before = {year: _row_counts(database, year) for year in (2021, 2022)}
    assert before[2022]["fact_cells"] > 0
    assert before[2021]["fact_cells"] > 0
    assert _materialize("2022", database).success
    assert {year: _row_counts(database, year) for year in (2021, 2022)} == before
