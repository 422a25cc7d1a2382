"""`nianbao report` and `nianbao export` through pipeline.cli.main, on the seeded sample warehouse."""

from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.cli import main
from tests.warehouse.sample_warehouse import build_sample_warehouse
from warehouse.export import EXPORT_TABLES


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The path of a warehouse holding the five sample reports."""
    path = tmp_path_factory.mktemp("warehouse") / "nianbao.duckdb"
    build_sample_warehouse(path)
    return path


def test_report_writes_the_html_page(database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sub" / "report.html"
    assert main(["report", "--year", "2021", "--out", str(out), "--database", str(database)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "t4.group_total" in page
    assert "昆都仑区" in page
    assert f"wrote {out}" in capsys.readouterr().out


def test_export_writes_every_table(database: Path, tmp_path: Path) -> None:
    code = main(
        ["export", "--format", "parquet", "--out", str(tmp_path), "--year", "2021", "--database", str(database)]
    )
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{t}.parquet" for t in EXPORT_TABLES)
    reports = pl.read_parquet(tmp_path / "reports.parquet")
    assert "昆都仑区" in reports["agency"].to_list()
    assert set(reports["year"].to_list()) == {2021}


def test_commands_open_the_warehouse_read_only(database: Path, tmp_path: Path) -> None:
    # A read-only reader can share the file with other read-only readers (never with a writer).
    other = duckdb.connect(str(database), read_only=True)
    try:
        assert main(["report", "--year", "2022", "--out", str(tmp_path / "r.html"), "--database", str(database)]) == 0
    finally:
        other.close()


@pytest.mark.parametrize(
    "argv",
    [["report", "--year", "2022", "--out", "r.html"], ["export", "--format", "csv", "--out", "x"]],
)
def test_missing_warehouse_is_exit_2_and_creates_nothing(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "none.duckdb"
    assert main([*argv, "--database", str(missing)]) == 2
    assert f"no warehouse at {missing}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_a_usage_error(database: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "json", "--out", str(tmp_path), "--database", str(database)])
    assert exc.value.code == 2
