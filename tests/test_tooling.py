"""The repo's tooling config does what it claims: architecture contracts, Dagster instance, workspace."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import dagster as dg
import dagster_shared.utils.warnings as dagster_warnings
import pytest
from dagster._core.workspace.load import location_origins_from_yaml_paths

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(tool: str, *args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = BIN / tool
    assert exe.exists(), f"{tool} is not installed next to {sys.executable}; run `make setup`"
    return subprocess.run(
        [str(exe), *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def test_import_contracts_are_kept() -> None:
    result = _run("lint-imports", "--no-cache", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout, result.stdout


def _write_packages(root: Path, files: dict[str, str]) -> None:
    for name in ("pipeline", "expectations", "warehouse", "assets"):
        (root / name).mkdir()
        (root / name / "__init__.py").write_text(files.get(name, ""), encoding="utf-8")


def test_import_contracts_catch_violations(tmp_path: Path) -> None:
    # The same contracts, run against throwaway packages that break both of them.
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    _write_packages(tmp_path, {"pipeline": "import dagster\n", "expectations": "import warehouse\n"})

    result = _run("lint-imports", "--no-cache", cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 2 broken." in result.stdout, result.stdout
    assert "pipeline is not allowed to import dagster" in result.stdout
    assert "expectations is not allowed to import warehouse" in result.stdout


@pytest.mark.parametrize(
    ("path", "banned"),
    [
        ("pipeline/x.py", True),
        ("expectations/x.py", True),
        ("warehouse/x.py", True),
        ("assets/x.py", False),
        ("tests/test_x.py", False),
    ],
)
def test_ruff_bans_dagster_outside_assets_and_tests(path: str, banned: bool) -> None:
    source = "import dagster_duckdb\nfrom dagster import asset\n\nprint(asset, dagster_duckdb)\n"
    result = _run("ruff", "check", "--select", "TID251", "--stdin-filename", path, "-", cwd=ROOT, stdin=source)
    assert (result.returncode == 1) is banned, result.stdout + result.stderr
    assert ("TID251" in result.stdout) is banned, result.stdout


def test_dagster_yaml_loads_into_an_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))

    with dg.DagsterInstance.get() as instance:
        assert not instance.is_ephemeral
        assert isinstance(instance.run_coordinator, dg.QueuedRunCoordinator)
        queue = instance.get_concurrency_config().run_queue_config
        assert queue is not None
        assert queue.max_concurrent_runs == 2
        # One step at a time on the DuckDB file, across runs: the duckdb_writer pool.
        pools = instance.get_concurrency_config().pool_config
        assert pools.default_pool_limit == 1
        assert instance.run_monitoring_settings["free_slots_after_run_end_seconds"] > 0
        assert instance.run_retries_enabled
        assert instance.run_retries_max_retries == 2
        assert not instance.run_retries_retry_on_asset_or_op_failure
        assert not instance.telemetry_enabled


def test_workspace_points_at_the_definitions_module() -> None:
    (origin,) = location_origins_from_yaml_paths([str(ROOT / "workspace.yaml")])
    assert origin.location_name == "nianbao"
    assert origin.loadable_target_origin.module_name == "assets.definitions"
    assert (ROOT / "assets" / "definitions.py").is_file()


def test_pytest_ignores_the_warning_classes_dagster_exports() -> None:
    # pyproject names the classes by their defining module (cheaper to import than `dagster`);
    # they must stay the ones Dagster raises.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    filters = config["tool"]["pytest"]["ini_options"]["filterwarnings"]
    assert "ignore::dagster_shared.utils.warnings.PreviewWarning" in filters
    assert "ignore::dagster_shared.utils.warnings.BetaWarning" in filters
    assert dg.PreviewWarning is dagster_warnings.PreviewWarning
    assert dg.BetaWarning is dagster_warnings.BetaWarning
