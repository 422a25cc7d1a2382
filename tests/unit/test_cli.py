"""pipeline.cli.main: `check` exit codes and output, `parse --json` objects."""

import codecs
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.unit.fixtures import render_report, t3_values

JSON_KEYS = {"source", "sha256", "status", "reason", "agency", "year", "era", "sections", "cells", "findings"}


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def clean(tmp_path: Path) -> str:
    return write(tmp_path, "clean.txt", render_report())


@pytest.fixture
def broken(tmp_path: Path) -> str:
    return write(tmp_path, "broken.txt", render_report(t3=t3_values(granted=[3, 1, 0, 0, 0, 0, 5])))


@pytest.fixture
def png(tmp_path: Path) -> str:
    return write(tmp_path, "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_check_clean_report_exits_0(clean: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", clean]) == 0

    out = capsys.readouterr().out
    assert f"{clean}: 某市 2022 gov2021 parsed, 200 cells" in out
    assert "1 file(s): 0 error(s), 0 warning(s), 0 info" in out


def test_check_error_finding_exits_1(broken: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", broken]) == 1

    out = capsys.readouterr().out
    row_line = (
        render_report(t3=t3_values(granted=[3, 1, 0, 0, 0, 0, 5]))
        .split("\n")
        .index("（一）予以公开\t3\t1\t0\t0\t0\t0\t5")
    )
    assert f"{broken}:{row_line + 1}: error t3.row_total" in out  # file:line of the evidence
    assert "1 file(s): 2 error(s)" in out  # row_total and results_sum


def test_check_warning_only_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "warn.txt", render_report(prose="本年度共受理政府信息公开申请9件。"))

    assert main(["check", path]) == 0

    out = capsys.readouterr().out
    assert "warning narrative.matches_tables" in out
    assert "0 error(s), 1 warning(s)" in out


def test_check_rejected_file_exits_2(png: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", png]) == 2

    assert f"{png}: rejected: binary file (a PNG image), not text" in capsys.readouterr().out


def test_check_undecodable_bom_file_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", codecs.BOM_UTF16_LE + b"\x00")

    assert main(["check", path]) == 2


def test_check_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "absent.txt")

    assert main(["check", path]) == 2

    assert f"{path}: rejected: cannot read the file" in capsys.readouterr().out


def test_check_oversized_file_exits_2(clean: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", clean, "--max-bytes", "100"]) == 2

    assert "over the 100-byte limit" in capsys.readouterr().out


def test_check_worst_exit_code_wins(clean: str, broken: str, png: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", clean, broken]) == 1
    assert main(["check", broken, png, clean]) == 2

    assert "3 file(s)" in capsys.readouterr().out


def test_check_all_lists_not_assessable(clean: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", clean]) == 0
    assert "not_assessable" not in capsys.readouterr().out

    assert main(["check", clean, "--all"]) == 0
    assert "warning legacy.part_le_whole [not_assessable]" in capsys.readouterr().out


def test_parse_json_object_per_file(clean: str, png: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", clean, png, "--json"]) == 2

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    good, bad = (json.loads(x) for x in lines)
    assert set(good) >= JSON_KEYS
    assert set(bad) >= JSON_KEYS
    assert (good["source"], good["status"], good["reason"]) == (clean, "parsed", "")
    assert (good["agency"], good["year"], good["era"]) == ("某市", 2022, "gov2021")
    assert len(good["sha256"]) == 64
    assert [s["code"] for s in good["sections"]] == [
        "overview",
        "proactive",
        "requests",
        "review_litigation",
        "problems",
        "other_matters",
    ]
    assert len(good["cells"]) == 200
    assert set(good["cells"][0]) >= {"table", "row", "col", "value", "raw", "line"}
    assert [f["rule"] for f in good["findings"]] == ["legacy.part_le_whole"]
    assert (bad["status"], bad["cells"], bad["findings"]) == ("rejected", [], [])
    assert bad["reason"] == "binary file (a PNG image), not text"


def test_parse_json_keeps_chinese_readable(clean: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", clean, "--json"]) == 0

    out = capsys.readouterr().out
    assert '"agency": "某市"' in out  # ensure_ascii=False


def test_parse_text_output(clean: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", clean]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{clean}: parsed 某市 2022 gov2021"
    assert "t3\tgranted\ttotal\t4\tline " in "\n".join(out)


def test_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["lint"])

    assert exc.value.code == 2
