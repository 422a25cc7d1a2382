"""The IO manager of the stage assets: polars frames stored as Arrow IPC files, not pickles.

Pickling a polars frame serialises it whole into one bytes object before writing, and
unpickling reads the file whole before rebuilding the frame: a year's cells frame (2 million
rows) cost two transient copies in the step that wrote it and in each step that read it, on
a run whose peak memory is bounded (README, Scale). IPC is written from the frame's own
buffers, zstd-compressed, and read straight into a frame. Anything that is not a frame or a
tuple of frames is pickled as Dagster's default IO manager would.

A step that reads a frame which an earlier step of the same run wrote, while that frame is
still in memory (pipeline.stages keeps a year's frames until it is loaded), gets the frame
itself back instead of a copy decoded from its file: the load read four frames back from disk
while holding the warehouse pool (6 s of the 100k bench's pool time), and held each twice.
"""

import os
import pickle
import weakref
from pathlib import Path
from typing import Any, Literal

import dagster as dg
import polars as pl

FRAMES_FOLDER = "frames"
# Uncompressed, the largest year's cells frame (206 MB in memory) was a 432 MB file, and
# reading it took 820 MB of RSS; zstd makes it 10 MB and 450 MB, in about the same time.
IPC_COMPRESSION: Literal["uncompressed", "lz4", "zstd"] = "zstd"

# What this process wrote, by folder: its first file, that file's identity (inode, size,
# mtime), a weak reference to each frame, and whether they were a tuple. Polars frames are
# immutable, so handing the same frame to a later step is safe; a file replaced since (another
# run of the partition) has another identity.
_Identity = tuple[int, int, int]
_Written = tuple[Path, _Identity, tuple["weakref.ref[pl.DataFrame]", ...], bool]
_written: dict[Path, _Written] = {}


class FramesIOManager(dg.ConfigurableIOManager):
    """Store each asset partition's output under <instance storage>/frames/<asset>/<partition>/."""

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        """Write `obj` (a frame, a tuple of frames, or anything picklable) and replace the old copy."""
        if obj is None:
            return
        folder = self._folder(context, context.step_context.instance.storage_directory())
        tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        frames = obj if isinstance(obj, tuple) and all(isinstance(f, pl.DataFrame) for f in obj) else None
        if isinstance(obj, pl.DataFrame):
            obj.write_ipc(tmp / "frame.arrow", compression=IPC_COMPRESSION)
        elif frames is not None:
            for i, frame in enumerate(frames):
                frame.write_ipc(tmp / f"part-{i}.arrow", compression=IPC_COMPRESSION)
        else:
            with (tmp / "object.pickle").open("wb") as fh:
                pickle.dump(obj, fh)
        _replace_folder(tmp, folder)
        _remember_written(folder, (obj,) if isinstance(obj, pl.DataFrame) else frames, is_tuple=frames is not None)

    def load_input(self, context: dg.InputContext) -> Any:
        """Read back what handle_output wrote for the upstream asset partition."""
        folder = self._folder(context, context.instance.storage_directory())
        in_memory = _still_in_memory(folder)
        if in_memory is not None:
            return in_memory
        if (folder / "frame.arrow").exists():
            return pl.read_ipc(folder / "frame.arrow")
        parts = sorted(folder.glob("part-*.arrow"), key=lambda p: int(p.stem.removeprefix("part-")))
        if parts:
            return tuple(pl.read_ipc(p) for p in parts)
        with (folder / "object.pickle").open("rb") as fh:
            return pickle.load(fh)

    @staticmethod
    def _folder(context: dg.OutputContext | dg.InputContext, storage: str) -> Path:
        key = context.asset_key.path
        partition = context.asset_partition_key if context.has_asset_partitions else "__all__"
        return Path(storage, FRAMES_FOLDER, *key, partition)


def _identity(path: Path) -> _Identity:
    st = path.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _remember_written(folder: Path, frames: tuple[pl.DataFrame, ...] | None, *, is_tuple: bool) -> None:
    """Note the frames just written to `folder` (none: a pickle), forgetting those since freed."""
    for gone in [f for f, (_, _, refs, _) in _written.items() if f == folder or any(r() is None for r in refs)]:
        del _written[gone]
    if frames:
        first = folder / ("part-0.arrow" if is_tuple else "frame.arrow")
        _written[folder] = (first, _identity(first), tuple(weakref.ref(f) for f in frames), is_tuple)


def _still_in_memory(folder: Path) -> pl.DataFrame | tuple[pl.DataFrame, ...] | None:
    """Return what this process wrote to `folder` if it is still alive and still what the folder holds."""
    entry = _written.get(folder)
    if entry is None:
        return None
    first, identity, refs, is_tuple = entry
    frames = tuple(ref() for ref in refs)
    try:
        current = _identity(first)
    except OSError:
        current = None
    if current != identity or any(f is None for f in frames):
        del _written[folder]
        return None
    alive = tuple(f for f in frames if f is not None)
    return alive if is_tuple else alive[0]


def _replace_folder(new: Path, folder: Path) -> None:
    old = folder.with_name(f".{folder.name}.{os.getpid()}.old")
    if folder.exists():
        folder.rename(old)
    new.rename(folder)
    for leftover in old.glob("*") if old.exists() else ():
        leftover.unlink()
    if old.exists():
        old.rmdir()
