"""The CLI reads files as the pipeline does: duplicates and conflicts are named, not fatal."""

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "000_056824993bc062c9.txt"


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    first, copy, other = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    shutil.copyfile(SAMPLE, first)
    shutil.copyfile(SAMPLE, copy)
    other.write_text(SAMPLE.read_text(encoding="utf-8").replace("5627", "5628", 1), encoding="utf-8")
    return [str(first), str(copy), str(other)]


def test_check_names_duplicates_and_conflicts_and_exits_0(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *files]) == 0

    out = capsys.readouterr().out
    assert f"{files[1]}: rejected: duplicate of {files[0]}: the same content" in out
    assert f"{files[2]}: conflict: {files[0]} is a different report of 康巴什区 2022; both are kept" in out


def test_parse_json_carries_duplicate_of_and_conflict_with(
    files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", "--json", *files]) == 0

    first, copy, other = (json.loads(x) for x in capsys.readouterr().out.splitlines())
    assert (first["duplicate_of"], first["conflict_with"]) == (None, [])
    assert (copy["status"], copy["duplicate_of"], copy["cells"]) == ("rejected", files[0], [])
    assert other["conflict_with"] == [files[0]]


def test_max_bytes_rejects_a_big_file_with_exit_2(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--max-bytes", "1000", files[0]]) == 2
    assert "over the 1000-byte limit" in capsys.readouterr().out
