"""pipeline.native: the compiled parser is used only when it matches its sources, and reads alike."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline import native
from pipeline.parse import parse_bytes

ROOT = Path(__file__).resolve().parents[2]


def test_the_suite_runs_the_compiled_parser() -> None:
    # `make setup` compiles the parser; a stale or missing build would make this suite test
    # plain Python while users run the compiled modules. Opting out must be explicit.
    if os.environ.get("NIANBAO_PURE_PYTHON") == "1":
        pytest.skip("NIANBAO_PURE_PYTHON=1: plain Python asked for")
    assert pipeline.NATIVE == "compiled", f"build/native is {pipeline.NATIVE}: run `make native`"
    assert Path(pipeline.parse.__file__).parent == native.NATIVE_DIR / "pipeline"


def test_an_edited_source_makes_the_build_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "pipeline"
    package.mkdir()
    for module in native.COMPILED:
        (package / f"{module}.py").write_text(f"# {module}\n", encoding="utf-8")
    monkeypatch.setattr(native, "PACKAGE_DIR", package)
    monkeypatch.setattr(native, "STAMP", tmp_path / "stamp.json")
    monkeypatch.delenv("NIANBAO_PURE_PYTHON", raising=False)
    assert native.build_state() == "not built"

    native.STAMP.write_text(json.dumps(native.expected_stamp()), encoding="utf-8")
    assert native.build_state() == "compiled"

    (package / "tokens.py").write_text("# tokens, edited\n", encoding="utf-8")
    assert native.build_state() == "stale"
    search_path: list[str] = []
    with pytest.warns(RuntimeWarning, match="older than its sources"):
        state = native.activate(search_path)
    assert state == "stale"
    assert search_path == []  # the sources are used, not the build


def test_a_stamp_without_its_library_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native, "NATIVE_DIR", tmp_path)
    monkeypatch.setattr(native, "STAMP", tmp_path / "stamp.json")
    monkeypatch.delenv("NIANBAO_PURE_PYTHON", raising=False)
    native.STAMP.write_text(json.dumps(native.expected_stamp()), encoding="utf-8")

    search_path: list[str] = []
    assert native.activate(search_path) == "not built"
    assert search_path == []


def test_compiled_and_plain_python_read_the_corpus_alike() -> None:
    # The same reports through both builds of the parser: every cell, finding and line number.
    files = sorted((ROOT / "data").rglob("*.txt")) + sorted((ROOT / "data").rglob("*.html"))
    assert len(files) >= 10
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import pipeline\n"
        "from pipeline.parse import parse_bytes\n"
        "assert pipeline.NATIVE == 'disabled'\n"
        "print(json.dumps([parse_bytes(Path(f).read_bytes(), f).to_json() for f in sys.argv[1:]]))\n"
    )
    env = {**os.environ, "NIANBAO_PURE_PYTHON": "1"}
    plain = subprocess.run(
        [sys.executable, "-c", script, *map(str, files)], env=env, capture_output=True, text=True, check=True
    )
    here = [parse_bytes(f.read_bytes(), str(f)).to_json() for f in files]
    assert json.loads(plain.stdout) == json.loads(json.dumps(here))
