"""Import a package with some of the modules it imports deferred until first used.

`import great_expectations` imports scipy.stats and altair for expectations this project never
runs (KL divergence, KS tests, charts): about 1.4 of its 3 s of CPU, paid by every run that
runs a GX check. Under `deferred`, such a module is created by the standard library's
`importlib.util.LazyLoader`: it is in sys.modules at once, and its code runs the first time
one of its attributes is read. Nothing is ever skipped: code that uses the module still gets
it, only later. Before Python 3.12 a lazy module must not be first read from two threads at
once; GX validates in the step's own thread, and reads neither module.
"""

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Find the named modules as the other finders do, with their loader made lazy."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = frozenset(names)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        """Return the module's usual spec with a LazyLoader, for a name to defer; None otherwise."""
        if fullname not in self.names:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is None or not hasattr(spec.loader, "exec_module"):
                    return spec
                spec.loader = importlib.util.LazyLoader(spec.loader)
                return spec
        return None


@contextmanager
def deferred(names: Sequence[str]) -> Iterator[None]:
    """Within the block, import each module of `names` not yet imported lazily (run on first use)."""
    finder = _DeferringFinder([n for n in names if n not in sys.modules])
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
