"""Keeping Python's cyclic garbage collector out of work where it finds nothing.

Bulk parsing, which makes next to no cycles:

A year's parse keeps a batch of parsed reports alive (hundreds of thousands of objects), so
the collector's full passes came every few hundred reports, each walking every live object
(0.2-0.3 s) and finding nothing: a fifth of the CPU of the largest year's parse. Reference
counting still frees everything a parse drops; the few cycles it leaves (a handful of objects
per report, tested) wait for the collector to resume.

Interpreter exit: finalisation runs full passes over every object still alive, 1.3 s of CPU
in a process that has loaded Dagster, GX and the code location; every run worker pays it after
its run. Frozen objects are left out of those passes, and are still freed as modules are cleared.
"""

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, then restore its previous state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_at_exit() -> None:
    """Freeze every live object at interpreter exit, so that finalisation skips the collector's passes."""
    atexit.unregister(gc.freeze)  # registered once, however often this is called
    atexit.register(gc.freeze)
