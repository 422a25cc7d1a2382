"""The integrity checks in Dagster: every input of a load is one reports row; conflicts are a WARN.

An inbox of sample reports plus a second copy, a different report of the same agency and
year, a PDF and an empty file is materialised for 2022 in-process.
"""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import ALL_ASSETS, ALL_CHECKS
from assets.resources import ReportsDirectory, warehouse_resource
from warehouse import loader

pytestmark = pytest.mark.e2e

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dg.ExecuteInProcessResult, Path, Path]:
    root = tmp_path_factory.mktemp("integrity")
    inbox = root / "inbox"
    shutil.copytree(SAMPLE, inbox)
    first = inbox / "000_056824993bc062c9.txt"
    shutil.copyfile(first, inbox / "zz_copy_of_000.txt")
    (inbox / "zz_other_000.txt").write_text(
        first.read_text(encoding="utf-8").replace("5627", "5628", 1), encoding="utf-8"
    )
    (inbox / "zz_scan.pdf").write_bytes(b"%PDF-1.7\n")
    (inbox / "zz_empty.txt").write_bytes(b"")
    database = root / "w.duckdb"
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            partition_key="2022",
            instance=instance,
            run_config=QUIET,
            resources={"reports_dir": ReportsDirectory(path=str(inbox)), "duckdb": warehouse_resource(database)},
        )
    return result, database, inbox


def evaluation(result: dg.ExecuteInProcessResult, name: str) -> dg.AssetCheckEvaluation:
    return next(e for e in result.get_asset_check_evaluations() if e.check_name == name)


def test_every_input_is_one_report_row_passes(run: tuple[dg.ExecuteInProcessResult, Path, Path]) -> None:
    result, database, _ = run

    ev = evaluation(result, "every_input_is_one_report_row")

    assert ev.passed
    assert ev.metadata["n_inputs"].value == ev.metadata["n_report_rows"].value
    con = loader.connect(database)
    try:
        rows = con.sql("SELECT count(*) FROM reports WHERE year = 2022 OR year IS NULL").fetchone()
        assert rows == (ev.metadata["n_inputs"].value,)
        assert ev.metadata["n_duplicates"].value == 1
        assert con.sql("SELECT count(*) FROM quarantine").fetchone() == (2,)  # the PDF and the empty file
    finally:
        con.close()


def test_conflicts_are_a_warning_naming_both_reports(run: tuple[dg.ExecuteInProcessResult, Path, Path]) -> None:
    result, _, inbox = run

    ev = evaluation(result, "one_report_per_agency_and_year")

    assert not ev.passed
    assert ev.severity == dg.AssetCheckSeverity.WARN
    assert ev.metadata["n_failing_rows"].value == 2
    assert str(inbox / "zz_other_000.txt") in ev.metadata["failing_rows"].value
