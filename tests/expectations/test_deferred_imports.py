"""expectations.deferred_imports: modules imported under `deferred` run on first use, never skipped."""

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from expectations.deferred_imports import deferred

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package `slowpkg` whose module `heavy` records that its code ran, and `user` imports it."""
    pkg = tmp_path / "slowpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("RAN = []\n")
    (pkg / "heavy.py").write_text("import slowpkg\nslowpkg.RAN.append('heavy')\nVALUE = 42\n")
    (pkg / "user.py").write_text("from slowpkg import heavy\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield pkg
    for name in [n for n in sys.modules if n == "slowpkg" or n.startswith("slowpkg.")]:
        del sys.modules[name]


def test_a_deferred_module_runs_when_first_read(package: Path) -> None:
    import slowpkg

    with deferred(["slowpkg.heavy"]):
        import slowpkg.user  # imports heavy, deferred

    assert slowpkg.RAN == []
    assert type(sys.modules["slowpkg.heavy"]) is not ModuleType  # a lazy module, not yet run
    assert sys.modules["slowpkg.heavy"].VALUE == 42
    assert slowpkg.RAN == ["heavy"]


def test_other_names_are_imported_as_usual(package: Path) -> None:
    import slowpkg

    with deferred(["slowpkg.other"]):
        import slowpkg.user

    assert slowpkg.RAN == ["heavy"]
    assert type(sys.modules["slowpkg.heavy"]) is ModuleType


def test_after_the_block_imports_are_as_usual(package: Path) -> None:
    import slowpkg

    with deferred(["slowpkg.heavy"]):
        pass
    import slowpkg.user

    assert slowpkg.RAN == ["heavy"]


def test_gx_validates_with_scipy_stats_and_altair_deferred() -> None:
    # A fresh process: the test session may have imported scipy already.
    code = textwrap.dedent(
        """
        import sys
        from types import ModuleType
        import pandas as pd
        from expectations import gx_suites
        rows = pd.DataFrame([{"report_id": "r", "year": 2021, "era": "gov2021", "table_code": "t3",
                              "row_code": "granted", "col_code": "total", "raw": "-1", "value": -1.0}])
        outcome = gx_suites.run_suite("fact_cells", rows)
        assert not outcome.success and outcome.failed == 1, outcome
        for name in gx_suites.GX_UNUSED_MODULES:
            assert type(sys.modules[name]) is not ModuleType, name
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().endswith("ok"), done.stderr[-2000:]
