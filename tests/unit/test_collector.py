"""The collector kept out of bulk parsing (few cycles, state restored) and out of interpreter exit."""

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.collector import collector_paused

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def _fail_while_paused() -> None:
    with collector_paused():
        assert not gc.isenabled()
        raise LookupError("inside the block")


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_state_is_restored_even_after_an_error(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(LookupError, match="inside the block"):
            _fail_while_paused()
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_a_paused_parse_leaves_the_collector_only_a_few_objects_per_report() -> None:
    # read_reports parses a whole year with the collector off: that is only safe while a
    # parse leaves (almost) nothing that reference counting cannot free.
    files = sorted(p for p in (DATA / "real").iterdir() if p.suffix in (".txt", ".html"))
    files += sorted((DATA / "sample").rglob("*.txt"))
    gc.collect()
    with collector_paused():
        raw = stages.read_reports(files)
        left_to_collector = gc.collect()
    stages.forget_frames()
    assert raw.height == len(files) >= 40
    assert left_to_collector <= 20 * len(files)


# A cycle whose finaliser prints: run by the collector's passes at exit unless they skip it.
_CYCLE_AT_EXIT = """
import gc
gc.disable()
class Noisy:
    def __del__(self):
        print("collected at exit")
a = Noisy()
a.me = a
del a
"""


@pytest.mark.parametrize(("setup", "collected"), [("", True), ("import assets.definitions", False)])
def test_a_process_that_loads_the_code_location_skips_the_collector_at_exit(setup: str, collected: bool) -> None:
    out = subprocess.run(
        [sys.executable, "-c", f"{setup}\n{_CYCLE_AT_EXIT}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert ("collected at exit" in out) is collected
