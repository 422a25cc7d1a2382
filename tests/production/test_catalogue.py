"""warehouse.catalogue: what a scan reads, what it records, and which years it makes stale."""

import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from pipeline import PARSER_VERSION
from pipeline.intake import identify_input
from tests.production.conftest import INBOX_YEARS, REAL
from warehouse import catalogue, inbox_reads, loader


def _refresh(database: Path, inbox: Path) -> catalogue.Scan:
    """Scan the inbox against the stored catalogue and record the scan (what the asset does)."""
    con = loader.connect(database)
    try:
        loader.apply_ddl(con)
        scan = catalogue.scan_inbox(inbox, catalogue.read_catalogue(con))
        catalogue.write_scan(con, scan)
        return scan
    finally:
        con.close()


def _stale(database: Path, inbox: Path) -> list[str]:
    con = loader.connect(database)
    try:
        scan = catalogue.scan_inbox(inbox, catalogue.read_catalogue(con))
        return catalogue.stale_scopes(catalogue.inputs_hashes(scan.files), catalogue.read_loads(con))
    finally:
        con.close()


def _load_all(database: Path, inbox: Path, parser_version: str = PARSER_VERSION) -> None:
    """Record every year as loaded from the current catalogue (the warehouse rows don't matter here)."""
    con = loader.connect(database)
    try:
        files = catalogue.read_catalogue(con).filter(~pl.col("removed"))
        for year in files["year"].drop_nulls().unique():
            catalogue.record_load(con, year, files, run_id="test", parser_version=parser_version)
    finally:
        con.close()


def test_the_year_comes_from_the_text_and_subfolders_are_scanned(inbox: Path, tmp_path: Path) -> None:
    (inbox / "a" / "upload.txt.part").write_text("half a report", encoding="utf-8")
    (inbox / ".hidden").mkdir()
    (inbox / ".hidden" / "x.txt").write_text("editor state", encoding="utf-8")
    scan = _refresh(tmp_path / "w.duckdb", inbox)
    assert dict(scan.files.select("path", "year").iter_rows()) == INBOX_YEARS
    assert scan.n_parsed == len(INBOX_YEARS)
    assert sorted(scan.new) == sorted(INBOX_YEARS)


def test_an_unchanged_file_is_not_read_again(inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "w.duckdb"
    _refresh(database, inbox)
    # Same content, new mtime: hashed again but not parsed (its sha256 is catalogued).
    os.utime(inbox / "b" / "xifeng.txt", ns=(1, 1))

    def no_parse(path: Path, *args: object) -> None:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(inbox_reads, "identify_input", no_parse)
    scan = _refresh(database, inbox)
    assert (scan.n_parsed, scan.new, scan.changed, scan.removed) == (0, [], [], [])
    assert scan.n_unchanged == len(INBOX_YEARS)
    assert (scan.n_read, scan.unchanged) == (1, False)  # the new mtime is recorded...
    again = _refresh(database, inbox)
    assert (again.n_read, again.unchanged) == (0, True)  # ...so the next scan reads nothing


def test_an_unchanged_inbox_only_moves_last_seen(inbox: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    _refresh(database, inbox)
    (inbox / "c" / "pingtan-a.txt").unlink()
    _refresh(database, inbox)  # one file removed: flagged
    con = loader.connect(database)
    try:
        before = con.sql("SELECT * EXCLUDE (last_seen) FROM catalogue ORDER BY path").fetchall()
        seen = dict(con.sql("SELECT path, last_seen FROM catalogue").fetchall())
        scan = catalogue.scan_inbox(inbox, catalogue.read_catalogue(con))
        assert scan.unchanged
        catalogue.write_scan(con, scan)
        assert con.sql("SELECT * EXCLUDE (last_seen) FROM catalogue ORDER BY path").fetchall() == before
        after = dict(con.sql("SELECT path, last_seen FROM catalogue").fetchall())
    finally:
        con.close()
    assert after["c/pingtan-a.txt"] == seen["c/pingtan-a.txt"]  # a removed file was not seen
    assert all(after[p] > seen[p] for p in after if p != "c/pingtan-a.txt")


def test_new_changed_and_removed_files_make_exactly_their_years_stale(inbox: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    _refresh(database, inbox)
    assert _stale(database, inbox) == ["2011", "2017", "2019", "2021", "2022"]
    _load_all(database, inbox)
    assert _stale(database, inbox) == []

    shutil.copy(REAL / "002.txt", inbox / "c" / "new.txt")  # a 2023 report
    with (inbox / "a" / "2021" / "kundulun.txt").open("a", encoding="utf-8") as f:
        f.write("\n（更正）\n")  # 2021 changes
    (inbox / "c" / "pingtan-a.txt").unlink()  # 2011 loses its only report
    assert _stale(database, inbox) == ["2011", "2021", "2023"]

    scan = _refresh(database, inbox)
    assert (scan.new, scan.changed, scan.removed) == (["c/new.txt"], ["a/2021/kundulun.txt"], ["c/pingtan-a.txt"])
    con = loader.connect(database)
    try:
        removed = con.sql(
            "SELECT removed, year, last_processed IS NOT NULL FROM catalogue WHERE path = 'c/pingtan-a.txt'"
        )
        assert removed.fetchall() == [(True, 2011, True)]  # flagged, history kept
        changed = con.sql("SELECT run_id FROM catalogue WHERE path = 'a/2021/kundulun.txt'")
        assert changed.fetchall() == [(None,)]  # the new content was never loaded
    finally:
        con.close()


def test_a_new_parser_version_makes_every_loaded_year_stale(inbox: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    _refresh(database, inbox)
    _load_all(database, inbox, parser_version="0.0.9")
    assert _stale(database, inbox) == ["2011", "2017", "2019", "2021", "2022"]


def test_a_year_emptied_by_removals_is_stale_until_loaded_empty(inbox: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    _refresh(database, inbox)
    _load_all(database, inbox)
    (inbox / "a" / "kangbashi.txt").unlink()
    assert _stale(database, inbox) == ["2017"]
    scan = _refresh(database, inbox)
    con = loader.connect(database)
    try:
        catalogue.record_load(con, 2017, scan.files, run_id="empty load")
    finally:
        con.close()
    assert _stale(database, inbox) == []


def test_files_for_year_are_the_years_present_files_and_the_undated_ones(tmp_path: Path) -> None:
    files = pl.DataFrame(
        {
            "path": ["a", "b", "c", "d"],
            "source": ["/i/a", "/i/b", "/i/c", "/i/d"],
            "year": [2021, 2021, None, 2022],
            "removed": [False, True, False, False],
        }
    )
    assert catalogue.files_for_year(files, 2021) == [Path("/i/a"), Path("/i/c")]


def test_a_missing_inbox_is_an_error_not_an_empty_year(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        catalogue.list_inbox(tmp_path / "typo")


def test_a_scan_with_unidentified_files_is_never_written(inbox: Path, tmp_path: Path) -> None:
    scan = catalogue.scan_inbox(inbox, pl.DataFrame(schema=catalogue.KNOWN_SCHEMA), max_parse=2)
    assert scan.n_parsed == 2
    assert len(scan.pending) == len(INBOX_YEARS) - 2
    con = loader.connect(tmp_path / "w.duckdb")
    try:
        loader.apply_ddl(con)
        with pytest.raises(ValueError, match="unidentified"):
            catalogue.write_scan(con, scan)
    finally:
        con.close()


def _bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a handful of files a bulk read: two worker processes, as on any machine with two cores."""
    monkeypatch.setattr(inbox_reads, "PARALLEL_FROM", 1)
    monkeypatch.setattr(inbox_reads.os, "cpu_count", lambda: 2)


def test_a_bulk_scan_records_what_a_scan_in_one_process_does(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one_process = _refresh(tmp_path / "one.duckdb", inbox)
    _bulk(monkeypatch)
    bulk = _refresh(tmp_path / "bulk.duckdb", inbox)
    assert bulk.files.equals(one_process.files)
    assert (bulk.new, bulk.n_parsed) == (one_process.new, one_process.n_parsed)


def test_a_bulk_read_identifies_only_unseen_content_and_skips_a_vanished_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / "seen.txt", tmp_path / "gone.txt", tmp_path / "new.txt"]
    shutil.copy(REAL / "002.txt", paths[0])
    shutil.copy(REAL / "005.txt", paths[2])
    seen = inbox_reads.read_changed(paths[:1], seen=())[0]
    assert seen is not None
    _bulk(monkeypatch)
    readings = inbox_reads.read_changed(paths, seen={seen.sha256})
    assert readings[0] == inbox_reads.Reading(seen.sha256)  # hashed, not identified again
    assert readings[1] is None
    new = readings[2]
    assert new is not None
    assert new.identity == identify_input(paths[2])
    assert new.sha256 == new.identity.sha256
