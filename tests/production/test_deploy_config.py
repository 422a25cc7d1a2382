"""The deployment files load: instance configs against Dagster's schemas, worker config, units, views.

Each integration's own config schema is used where it is installed (dagster-k8s,
dagster-celery, dagster-postgres are dev dependencies); without it the test is skipped, not
passed.
"""

import configparser
import importlib
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from dagster._config import resolve_to_config_type, validate_config
from dagster._core.instance.config import dagster_instance_config

from tests.production.conftest import ROOT
from warehouse import backfill
from warehouse.export import export

DEPLOY = ROOT / "assets" / "deploy"
INSTANCE_FILES = [ROOT / "dagster.yaml", DEPLOY / "k8s" / "dagster.yaml", DEPLOY / "celery" / "dagster.yaml"]


def _check(schema: Any, value: Any, where: str) -> None:
    result = validate_config(resolve_to_config_type(schema), value)
    assert result.success, f"{where}: {[e.message for e in result.errors or []]}"


def _class(section: dict[str, Any]) -> Any:
    module = pytest.importorskip(section["module"])
    return getattr(module, section["class"])


@pytest.mark.parametrize("path", INSTANCE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_instance_config_validates_with_its_classes(path: Path) -> None:
    config, _ = dagster_instance_config(str(path.parent), path.name)
    assert config["concurrency"]["pools"]["default_limit"] == 1  # one step at a time on the DuckDB file
    assert config["run_retries"]["enabled"]
    assert config["run_monitoring"]["free_slots_after_run_end_seconds"] > 0
    # Every run starts with a pool step; the queue must not hold whole runs back on it.
    assert config["run_coordinator"]["config"]["block_op_concurrency_limited_runs"] == {"enabled": False}
    for key in ("run_coordinator", "run_launcher"):
        if key in config:
            cls = _class(config[key])
            _check(cls.config_type(), config[key].get("config", {}), f"{path}: {key}")
    if "postgres" in config.get("storage", {}):
        storage = pytest.importorskip("dagster_postgres").DagsterPostgresStorage
        _check(storage.config_type(), config["storage"]["postgres"], f"{path}: storage")


def test_kubernetes_runs_each_year_in_its_own_pod() -> None:
    config, _ = dagster_instance_config(str(DEPLOY / "k8s"))
    launcher = config["run_launcher"]
    assert (launcher["module"], launcher["class"]) == ("dagster_k8s", "K8sRunLauncher")
    env = dict(item.split("=", 1) for item in launcher["config"]["env_vars"])
    assert set(env) == {"NIANBAO_INBOX", "NIANBAO_DATABASE"}
    # One run is one process: the pod runs the year's steps in-process.
    defs = importlib.import_module("assets.definitions").build_defs()
    assert defs.resolve_job_def("annual_reports_job").executor_def.name == "in_process"


def test_celery_worker_config_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    cli = pytest.importorskip("dagster_celery.cli")
    monkeypatch.setenv("DAGSTER_CELERY_BROKER_URL", "redis://broker:6379/0")
    monkeypatch.setenv("DAGSTER_CELERY_BACKEND_URL", "redis://broker:6379/1")
    config = cli.get_validated_config(str(DEPLOY / "celery" / "worker.yaml"))
    assert config["config_source"]["worker_prefetch_multiplier"] == 1


@pytest.mark.parametrize("unit", sorted((DEPLOY / "systemd").glob("*.service")), ids=lambda p: p.name)
def test_systemd_units_bind_the_webserver_to_localhost(unit: Path) -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(unit)
    exec_start = parser["Service"]["ExecStart"]
    assert exec_start.startswith("/srv/nianbao/.venv/bin/dagster-")
    if "webserver" in exec_start:
        assert "-h 127.0.0.1" in exec_start
    environment = parser["Service"]["Environment"]  # the last one; all are checked below
    assert environment
    text = unit.read_text(encoding="utf-8")
    for var in ("DAGSTER_HOME", "NIANBAO_INBOX", "NIANBAO_DATABASE"):
        assert f"Environment={var}=" in text


def test_the_object_storage_views_read_per_year_parquet(inbox: Path, tmp_path: Path) -> None:
    # A warehouse, exported one folder per year as the README describes, read back by the views.
    database = tmp_path / "w.duckdb"
    results = backfill.run_backfill(database, inbox, list(range(2008, 2026)))
    years = [r.year for r in results if r.status == "loaded"]
    root = tmp_path / "bucket"
    con = duckdb.connect(str(database), read_only=True)
    try:
        for year in years:
            export(con, "parquet", root / f"year={year}", year)
        expected = {t: con.sql(f"SELECT count(*) FROM {t} WHERE year IS NOT NULL").fetchall() for t in _yearly()}
    finally:
        con.close()
    reader = duckdb.connect()
    reader.execute("SET VARIABLE nianbao_root = $root", {"root": str(root)})
    views = re.sub(r"--[^\n]*", "", (DEPLOY / "object-storage" / "warehouse_views.sql").read_text(encoding="utf-8"))
    for statement in filter(str.strip, views.split(";")):
        reader.execute(statement)
    assert {t: reader.sql(f"SELECT count(*) FROM {t}").fetchall() for t in _yearly()} == expected
    assert reader.sql("SELECT count(*) FROM quarantine").fetchall() == [(0,)]


def _yearly() -> list[str]:
    return ["reports", "fact_cells", "findings", "rule_results"]


def test_deploy_yaml_files_parse() -> None:
    for path in DEPLOY.rglob("*.yaml"):
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path
