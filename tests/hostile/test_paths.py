"""Paths are data: hostile file names are read, recorded and quarantined as strings, never used as paths.

Nothing in the pipeline copies or moves an input file; the quarantine is a table keyed by
sha256. These tests give it names built to escape a folder, break a line, hide text or
inject SQL, and check that each ends up as one row whose `source` is the name (valid UTF-8)
and that nothing new appears on disk but the warehouse file.
"""

import os
from pathlib import Path

import polars as pl
import pytest

from expectations import schemas
from pipeline import intake, stages
from tests.hostile.test_intake import load
from warehouse import accounting, loader

REPORT = (Path(__file__).resolve().parents[2] / "data" / "sample" / "000_056824993bc062c9.txt").read_bytes()
HOSTILE_NAMES = [
    "line\nbreak.txt",
    "-rf --no-preserve-root.txt",
    "..x.txt",
    "right-to-left \u202etxt.exe",
    "\u2400 nul symbol.txt",
    "%00.txt",
    "back\\slash.txt",
    "'); DROP TABLE reports; --.txt",
    "<img src=x onerror=alert(1)>.txt",
    "报告 (副本) ‮.txt",
]


def hostile_inbox(root: Path) -> list[Path]:
    """Write a rejected and a parsed file under each hostile name, and one non-UTF-8 name."""
    paths = []
    for i, name in enumerate(HOSTILE_NAMES):
        folder = root / f"d{i}"
        folder.mkdir()
        bad, good = folder / f"bad {name}", folder / name
        bad.write_bytes(b"%PDF-1.4 not a report " + name.encode())
        good.write_bytes(REPORT.replace(b"5627", str(1000 + i).encode(), 1))
        paths += [bad, good]
    raw_name = os.fsdecode(b"\xff\xfe gbk \xc4\xe3\xba\xc3.txt")  # bytes that are not UTF-8
    (root / raw_name).write_bytes(b"")
    paths.append(root / raw_name)
    return paths


def test_hostile_names_are_one_row_each_with_the_name_as_source(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    paths = hostile_inbox(inbox)

    raw = stages.read_reports(paths)

    assert raw.height == len(paths)
    assert raw["source"].to_list()[:-1] == [str(p) for p in paths[:-1]]
    assert raw["source"][-1].endswith("\\xff\\xfe gbk \\xc4\\xe3\\xba\\xc3.txt")  # escaped, still valid UTF-8
    assert all(s.encode("utf-8") for s in raw["source"])
    assert schemas.find_schema_violations(raw, schemas.RawFrame).is_empty()


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini", "a\x00b", "\n"])
def test_a_source_string_is_never_opened(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tried to open {args!r}")

    intake.read_bytes(REPORT, "warm-up")  # spec and catalogue files are read once, before the guard
    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(os, "open", refuse)

    got = intake.read_bytes(REPORT, name)

    assert got.report.source == name
    assert got.report.status == "parsed"


def test_the_warehouse_stores_names_as_data_and_nothing_else_is_written(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    paths = hostile_inbox(inbox)
    before = sorted(p for p in tmp_path.rglob("*"))
    raw = stages.read_reports(paths)
    database = tmp_path / "w.duckdb"

    load(database, raw, 2022, "run-hostile")

    after = sorted(p for p in tmp_path.rglob("*") if not p.name.startswith("w.duckdb"))
    assert after == before  # no copy, no quarantine folder, nothing under any input's name
    con = loader.connect(database)
    try:
        assert accounting.find_unaccounted(con, raw, "run-hostile").is_empty()
        stored = con.sql("SELECT source FROM reports ORDER BY source").pl()["source"].to_list()
        assert stored == sorted(raw["source"].to_list())
        quarantined = con.sql("SELECT sha256, source FROM quarantine").pl()
        rejected = raw.filter(pl.col("status") == "rejected")
        assert sorted(quarantined["source"]) == sorted(rejected["source"])
        assert all(len(sha) == 64 for sha in quarantined["sha256"])
        assert con.sql("SELECT count(*) FROM reports").fetchone() == (len(paths),)  # the DROP TABLE name is just a name
    finally:
        con.close()
