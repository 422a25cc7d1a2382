"""Use the parser's compiled modules (mypyc, built by `make setup`) when they match their sources.

`python -m pipeline.native_build` compiles the modules in COMPILED into build/native/ and
writes a stamp of their sources' hashes last. `activate` puts that folder first on the
package's search path only if every hash still matches, so an edited source is never
shadowed by a stale build: the package then runs as plain Python, with a warning.
NIANBAO_PURE_PYTHON=1 forces plain Python.
"""

import hashlib
import importlib.util
import json
import os
import sys
import sysconfig
import warnings
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
NATIVE_DIR = PACKAGE_DIR.parent / "build" / "native"
STAMP = NATIVE_DIR / "stamp.json"
# The shared library every compiled module links against (mypyc's group).
GROUP = "pipeline_native"
# The parse and identify path: everything a report passes through on its way to findings.
# Not compiled: the CLI, polars frames and stages (time spent in polars), the synthetic
# corpus, and small modules that run once per process.
COMPILED = (
    "agency",
    "decode",
    "diagnosis",
    "evidence",
    "fit",
    "frame_columns",
    "html_text",
    "identify",
    "legacy",
    "legacy_prose",
    "legacy_sums",
    "metadata",
    "model",
    "narrative",
    "numbers",
    "parse",
    "regions",
    "rules",
    "rules_identity",
    "rules_legacy",
    "rules_table",
    "sections",
    "spec",
    "t3_columns",
    "table_t2",
    "table_t3",
    "table_t4",
    "tokens",
)


def source_hashes() -> dict[str, str]:
    """Return module name -> sha256 of its source, for every module in COMPILED."""
    return {m: hashlib.sha256((PACKAGE_DIR / f"{m}.py").read_bytes()).hexdigest() for m in COMPILED}


def expected_stamp() -> dict[str, object]:
    """Return the stamp a build of the current sources for this interpreter writes."""
    return {"ext_suffix": sysconfig.get_config_var("EXT_SUFFIX"), "sources": source_hashes()}


def build_state() -> str:
    """Return 'compiled' if build/native matches the sources, else 'not built' or 'stale'."""
    try:
        stamp = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "not built"
    return "compiled" if stamp == expected_stamp() else "stale"


def status() -> str:
    """Return what `activate` finds: `build_state()`, or 'disabled' if NIANBAO_PURE_PYTHON=1."""
    return "disabled" if os.environ.get("NIANBAO_PURE_PYTHON") == "1" else build_state()


def activate(package_path: list[str]) -> str:
    """Put the compiled modules first on `package_path` (the package's __path__) if fresh; return the status."""
    state = status()
    if state == "stale":
        warnings.warn(
            f"nianbao: the compiled parser in {NATIVE_DIR} is older than its sources; running plain "
            "Python (slower). `make setup` rebuilds it.",
            RuntimeWarning,
            stacklevel=2,
        )
    if state != "compiled":
        return state
    library = next(NATIVE_DIR.glob(f"{GROUP}__mypyc.*"), None)
    spec = importlib.util.spec_from_file_location(f"{GROUP}__mypyc", library) if library else None
    if spec is None or spec.loader is None:  # the library was deleted after the build
        return "not built"
    # The compiled modules import their shared library by this top-level name: load it from
    # the build folder rather than put that folder on sys.path.
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    package_path.insert(0, str(NATIVE_DIR / "pipeline"))
    return state
