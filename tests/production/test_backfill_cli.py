"""`nianbao backfill`: loads stale years, resumes after an interruption, shows progress."""

import io
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.production.conftest import REAL, table_rows, year_counts
from warehouse import backfill
from warehouse.commands_backfill import Progress


def _backfill(inbox: Path, database: Path, *years: str) -> int:
    first, last = years or ("2008", "2025")
    return main(["backfill", "--from", first, "--to", last, "--inbox", str(inbox), "--database", str(database)])


def test_backfill_loads_each_year_then_skips_them(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "w.duckdb"
    assert _backfill(inbox, database) == 0
    out = capsys.readouterr().out
    # Not a terminal: one plain line per year, with years done, reports per second and time left.
    assert "; 5 year(s) to load (7 reports), 13 up to date or empty" in out
    assert "2022: loaded, 3 reports in " in out
    assert "/18 years, " in out
    assert " reports/s, " in out
    assert " left" in out
    assert "2009: no reports | 2/18 years" in out
    assert "\r" not in out
    first = table_rows(database)
    assert year_counts(database)["reports"] == {2011: 1, 2017: 1, 2019: 1, 2021: 1, 2022: 3}

    assert _backfill(inbox, database) == 0
    out = capsys.readouterr().out
    assert "; 0 year(s) to load (0 reports)" in out
    assert "2022: up to date" in out
    assert table_rows(database) == first


def test_a_new_file_reloads_only_its_year(inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "w.duckdb"
    _backfill(inbox, database)
    shutil.copy(REAL / "002.txt", inbox / "c" / "2023-arrival.txt")
    capsys.readouterr()
    assert _backfill(inbox, database) == 0
    out = capsys.readouterr().out
    assert [line.split(":")[0] for line in out.splitlines() if ": loaded," in line] == ["2023"]


def test_an_interrupted_backfill_resumes_without_redoing_years(inbox: Path, tmp_path: Path) -> None:
    database = tmp_path / "w.duckdb"
    loaded: list[int] = []

    def stop_after_two(result: backfill.YearResult) -> None:
        if result.status == "loaded":
            loaded.append(result.year)
        if len(loaded) == 2:
            raise KeyboardInterrupt  # Ctrl-C between two years

    with pytest.raises(KeyboardInterrupt):
        backfill.run_backfill(
            database, inbox, list(range(2008, 2026)), listener=backfill.Listener(finished=stop_after_two)
        )
    assert loaded == [2011, 2017]

    results = backfill.run_backfill(database, inbox, list(range(2008, 2026)))
    assert [r.year for r in results if r.status == "loaded"] == [2019, 2021, 2022]
    assert {r.year for r in results if r.status == "up to date"} == {2011, 2017}

    uninterrupted = tmp_path / "once.duckdb"
    backfill.run_backfill(uninterrupted, inbox, list(range(2008, 2026)))
    assert table_rows(database) == table_rows(uninterrupted)


def test_a_terminal_gets_one_redrawn_progress_bar() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    progress = Progress(out)
    progress.planned([backfill.YearPlan(2021, [], 10, stale=True), backfill.YearPlan(2022, [], 30, stale=True)])
    progress.finished(backfill.YearResult(2021, "loaded", 10, 2.0))
    text = out.getvalue()
    assert "\r\x1b[2K[############------------] 1/2 years, 5.0 reports/s, 6 s left" in text
    assert text.count("\n") == 1  # the plan; the bar stays on its line
