"""FramesIOManager: a frame written earlier in the process, and still in memory, is handed back as is.

Only while it is alive and its file is still the one written: otherwise it is read from disk.
"""

import gc
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from assets.io_managers import FRAMES_FOLDER, FramesIOManager

pytestmark = pytest.mark.e2e

produced: list[pl.DataFrame] = []
received: list[pl.DataFrame] = []


@dg.asset
def upstream() -> pl.DataFrame:
    frame = pl.DataFrame({"report_id": ["a", "b"], "value": [1, 2]})
    produced.append(frame)  # kept alive, as pipeline.stages keeps a year's frames
    return frame


@dg.asset
def downstream(upstream: pl.DataFrame) -> None:
    received.append(upstream)


def _run(instance: dg.DagsterInstance, *selection: dg.AssetsDefinition) -> None:
    result = dg.materialize(
        [upstream, downstream],
        instance=instance,
        resources={"io_manager": FramesIOManager()},
        selection=list(selection),
    )
    assert result.success


@pytest.fixture
def instance(tmp_path: Path) -> dg.DagsterInstance:
    produced.clear()
    received.clear()
    return dg.DagsterInstance.local_temp(str(tmp_path))


def test_a_frame_still_in_memory_is_handed_back_itself(instance: dg.DagsterInstance) -> None:
    _run(instance, upstream, downstream)
    assert received[0] is produced[0]


def test_a_frame_no_longer_in_memory_is_read_from_its_file(instance: dg.DagsterInstance) -> None:
    _run(instance, upstream)
    produced.clear()
    gc.collect()
    _run(instance, downstream)
    assert received[0].equals(pl.DataFrame({"report_id": ["a", "b"], "value": [1, 2]}))


def test_a_file_replaced_since_is_read_not_the_frame_in_memory(instance: dg.DagsterInstance) -> None:
    _run(instance, upstream)
    # Another run (another process) of the same partition writes the folder anew.
    file = Path(instance.storage_directory(), FRAMES_FOLDER, "upstream", "__all__", "frame.arrow")
    newer = pl.DataFrame({"report_id": ["c"], "value": [3]})
    tmp = file.with_name("other.arrow")
    newer.write_ipc(tmp)
    tmp.replace(file)
    _run(instance, downstream)
    assert produced[0].height == 2  # still alive in memory
    assert received[0].equals(newer)
