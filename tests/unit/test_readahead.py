"""pipeline.readahead: hints keep to their window, skip non-regular files and stop; the parse hints its inputs."""

import os
import sys
import time
from pathlib import Path

import pytest

from pipeline import intake, readahead
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


class RecordingReadAhead:
    """Stands in for read_ahead: records the paths it was given and each file read."""

    def __init__(self) -> None:
        self.paths: list[Path] = []
        self.read = 0

    def __call__(self, paths: list[Path], window: int) -> "RecordingReadAhead":
        self.paths = list(paths)
        return self

    def __enter__(self) -> "RecordingReadAhead":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def done(self, n: int = 1) -> None:
        self.read += n


def test_the_parse_hints_every_input_in_order_and_marks_each_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = files(tmp_path, 5)
    paths.append(paths[0])  # a duplicate is one read too
    recorder = RecordingReadAhead()
    monkeypatch.setattr(intake, "read_ahead", recorder)
    seen = []
    for x in intake.iter_inputs(paths):
        seen.append(x)
        assert recorder.read == len(seen) - 1  # marked read once the caller is done with it

    assert recorder.paths == paths
    assert recorder.read == len(seen) == 6
