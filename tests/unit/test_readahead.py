"""pipeline.readahead: hints stay within their window, skip what is not a regular file, and stop."""

import os
import sys
import time
from pathlib import Path

import pytest

from pipeline import readahead
from pipeline.readahead import ReadAhead, hint, read_ahead

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="posix_fadvise is Linux's")


def files(folder: Path, n: int) -> list[Path]:
    """Write n small files and return their paths."""
    out = []
    for i in range(n):
        path = folder / f"{i:03d}.txt"
        path.write_text(f"报告 {i}", encoding="utf-8")
        out.append(path)
    return out


def wait_for(ahead: ReadAhead, hinted: int) -> None:
    """Wait (up to 5 s) until the thread has hinted `hinted` files, then a little more."""
    deadline = time.monotonic() + 5
    while ahead.hinted < hinted and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)  # room to overshoot, if it would


@linux_only
def test_a_regular_file_is_hinted_and_nothing_else(tmp_path: Path) -> None:
    [regular] = files(tmp_path, 1)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    assert hint(regular)
    assert not hint(fifo)  # opening a FIFO for reading would block until a writer came
    assert not hint(tmp_path)
    assert not hint(tmp_path / "gone.txt")


@linux_only
def test_hints_stay_within_the_window_of_the_files_read(tmp_path: Path) -> None:
    paths = files(tmp_path, 20)
    with read_ahead(paths, window=4) as ahead:
        wait_for(ahead, 4)
        assert ahead.hinted == 4
        ahead.done(3)
        wait_for(ahead, 7)
        assert ahead.hinted == 7
        ahead.done(20)
        wait_for(ahead, 20)
        assert ahead.hinted == 20


@linux_only
def test_leaving_early_stops_the_thread(tmp_path: Path) -> None:
    paths = files(tmp_path, 50)
    with read_ahead(paths, window=2) as ahead:
        wait_for(ahead, 2)
    assert not ahead._thread.is_alive()
    assert ahead.hinted == 2


def test_without_fadvise_nothing_is_hinted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readahead, "_WILLNEED", None)
    paths = files(tmp_path, 3)
    with read_ahead(paths, window=8) as ahead:
        pass
    assert not hint(paths[0])
    assert ahead.hinted == 0
    assert not ahead._thread.is_alive()
