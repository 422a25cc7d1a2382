"""Shared helpers of the production tests: a landing zone built from the bundled and real reports."""

import shutil
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
REAL = ROOT / "data" / "real"

# Five report years in nested folders. The year is read from the text, never the path:
# a/2021/kangbashi.txt is a 2022 report.
INBOX_FILES = {
    "a/kangbashi.txt": SAMPLE / "003_d5a4e52a0fed2dea.txt",
    "a/2021/kundulun.txt": SAMPLE / "001_92969d3ed0cdc049.txt",
    "a/2021/kangbashi.txt": SAMPLE / "000_056824993bc062c9.txt",
    "b/xifeng.txt": SAMPLE / "002_323c267c87cacc94.txt",
    "b/deep/jindong.txt": SAMPLE / "004_9bf3dd1d6b9a4ab2.txt",
    "c/pingtan-a.txt": REAL / "012.txt",
    "c/pingtan-b.txt": REAL / "005.txt",
}
INBOX_YEARS = {
    "a/kangbashi.txt": 2017,
    "a/2021/kundulun.txt": 2021,
    "a/2021/kangbashi.txt": 2022,
    "b/xifeng.txt": 2022,
    "b/deep/jindong.txt": 2022,
    "c/pingtan-a.txt": 2011,
    "c/pingtan-b.txt": 2019,
}
# Tables whose rows replace_year writes, and the columns that differ between two loads of
# the same inputs by design (who loaded them and when).
TABLES = ["reports", "sections", "fact_cells", "unread_cells", "findings", "rule_results", "quarantine"]
VOLATILE = {"run_id", "first_seen"}
# Cross-year rows (cross_year_findings) compare a year with the previous one as stored when
# they run: in a parallel backfill that depends on which year finished first, until the
# automation sensor re-runs them. The year loads are compared without them.
WITHIN_REPORT = {"findings": "rule_id NOT LIKE 'cross_year.%'", "rule_results": "rule_id NOT LIKE 'cross_year.%'"}


def fill_inbox(inbox: Path, files: dict[str, Path] | None = None) -> Path:
    """Copy `files` (relative path -> source) into `inbox`; return the inbox."""
    for rel, src in (files or INBOX_FILES).items():
        dest = inbox / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dest)
    return inbox


def table_rows(database: Path) -> dict[str, list[tuple[object, ...]]]:
    """Return every table's rows, volatile columns left out, sorted: equal means identical tables."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        out = {}
        for table in TABLES:
            columns = [c for (c,) in con.sql(f"SELECT name FROM pragma_table_info('{table}')").fetchall()]
            kept = ", ".join(f'"{c}"' for c in columns if c not in VOLATILE)
            where = WITHIN_REPORT.get(table, "true")
            out[table] = sorted(con.sql(f"SELECT {kept} FROM {table} WHERE {where}").fetchall(), key=repr)
        return out
    finally:
        con.close()


def year_counts(database: Path) -> dict[str, dict[int, int]]:
    """Return rows per year of each yearly table."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        return {
            table: dict(
                con.sql(
                    f"SELECT year, count(*) FROM {table} "
                    f"WHERE year IS NOT NULL AND {WITHIN_REPORT.get(table, 'true')} GROUP BY year"
                ).fetchall()
            )
            for table in TABLES
            if table != "quarantine"
        }
    finally:
        con.close()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A landing zone of seven reports over five years, in subfolders."""
    return fill_inbox(tmp_path / "inbox")
