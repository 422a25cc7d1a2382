"""warehouse.export: every table written as parquet or CSV, readable, with the warehouse's row counts."""

import csv
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.warehouse.sample_warehouse import build_sample_warehouse
from warehouse.export import EXPORT_TABLES, export


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The path of a warehouse holding the five sample reports (2017, 2021, 2022)."""
    path = tmp_path_factory.mktemp("warehouse") / "nianbao.duckdb"
    build_sample_warehouse(path)
    return path


def warehouse_counts(database: Path, year: int | None) -> dict[str, int]:
    """Return the rows per table the export should hold (quarantine is never year-limited)."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        counts = {}
        for table in EXPORT_TABLES:
            where = "" if year is None or table == "quarantine" else f" WHERE year = {year}"
            counts[table] = con.sql(f"SELECT count(*) FROM {table}{where}").fetchall()[0][0]
        return counts
    finally:
        con.close()


def read_back(path: Path) -> pl.DataFrame:
    """Read an exported file: parquet as typed, CSV as text (raw cells mix digits and words)."""
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    return pl.read_csv(path, infer_schema=False)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
@pytest.mark.parametrize("year", [None, 2022])
def test_export_writes_every_table_with_its_row_count(sample: Path, tmp_path: Path, fmt: str, year: int | None) -> None:
    con = duckdb.connect(str(sample), read_only=True)
    try:
        written = export(con, fmt, tmp_path / "out", year)
    finally:
        con.close()
    assert [p.name for p in written] == [f"{t}.{fmt}" for t in EXPORT_TABLES]
    expected = warehouse_counts(sample, year)
    assert expected["fact_cells"] > 500
    for table, path in zip(EXPORT_TABLES, written, strict=True):
        assert path.is_file()
        frame = read_back(path)
        assert frame.height == expected[table], table
    facts = read_back(written[1])
    assert {"report_id", "year", "table_code", "row_code", "col_code", "value", "raw", "line"} <= set(facts.columns)
    if year is not None:
        assert set(facts["year"].cast(pl.Int64).to_list()) == {year}


def test_csv_keeps_chinese_text_and_a_header(sample: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(sample), read_only=True)
    try:
        export(con, "csv", tmp_path, 2021)
    finally:
        con.close()
    with (tmp_path / "findings.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    group_total = [r for r in rows if r["rule_id"] == "t4.group_total"]
    assert len(group_total) == 1
    assert group_total[0]["agency"] == "昆都仑区"
    assert "行政复议/总计 = 13" in group_total[0]["message"]


def test_output_path_is_bound_not_spliced(sample: Path, tmp_path: Path) -> None:
    # A quote in the directory name would end a string literal spliced into COPY ... TO '...'.
    out = tmp_path / "it's (a) dir; DROP TABLE reports --"
    con = duckdb.connect(str(sample), read_only=True)
    try:
        written = export(con, "parquet", out, None)
    finally:
        con.close()
    assert all(p.parent == out.resolve() for p in written)
    assert read_back(written[0]).height == warehouse_counts(sample, None)["reports"] > 0


def test_unknown_format_is_refused(sample: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(sample), read_only=True)
    try:
        with pytest.raises(ValueError, match="unknown export format 'json'"):
            export(con, "json", tmp_path)
    finally:
        con.close()
    assert not list(tmp_path.iterdir())
