"""A small seeded warehouse: every year of data/sample, loaded as warehouse_tables and cross_year_findings do."""

from pathlib import Path

import polars as pl

from pipeline import stages
from warehouse import cross_year, loader

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"


def build_sample_warehouse(database: Path) -> list[int]:
    """Parse data/sample, load each of its years into `database` and evaluate the cross-year rules.

    Returns the years loaded.
    """
    raw = stages.read_reports(sorted(p for p in SAMPLE_DIR.iterdir() if p.is_file()))
    years = sorted(raw["year"].drop_nulls().unique().to_list())
    con = loader.connect(database)
    try:
        loader.apply_ddl(con)
        for year in years:
            # As raw_reports does: undatable (rejected) files ride along with every year.
            frame = raw.filter((pl.col("year") == year) | pl.col("year").is_null())
            loader.replace_year(con, year, **stages.raw_to_frames(frame), run_id="test-seed")
        # After every year is in: year N's cross-year rules read year N-1's rows.
        for year in years:
            cross_year.evaluate_cross_year(con, year, "test-seed")
    finally:
        con.close()
    return years
