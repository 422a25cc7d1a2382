"""The collector paused over bulk parsing: its state is restored, and a parse leaves it few cycles."""

import gc
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.collector import collector_paused

DATA = Path(__file__).resolve().parents[2] / "data"


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
