"""`python -m pipeline.native_build`: compile the parser with mypyc into build/native/.

The parser is plain, strictly typed Python; mypyc turns it into a C extension that runs
the same code 1.35-1.4x faster (README, Scale). `make setup` runs this; a machine without
a C compiler keeps plain Python, which `pipeline.native.status()` reports.
"""

import contextlib
import io
import json
import os
import shutil
import sys
import time

from pipeline.native import COMPILED, GROUP, NATIVE_DIR, PACKAGE_DIR, STAMP, build_state, expected_stamp


def build() -> None:
    """Compile COMPILED into NATIVE_DIR, then write the stamp that lets `pipeline` use it."""
    from mypyc.build import mypycify  # build-time only: mypy is a dev dependency
    from setuptools import setup

    shutil.rmtree(NATIVE_DIR, ignore_errors=True)
    stamp = expected_stamp()  # hashed before compiling: an edit during the build makes it stale
    sources = [str((PACKAGE_DIR / f"{m}.py").relative_to(PACKAGE_DIR.parent)) for m in COMPILED]
    os.chdir(PACKAGE_DIR.parent)  # mypy names modules by their path from here
    # The project's mypy settings apply (strict on pipeline/); the overrides for the other
    # packages are unused in a build of pipeline/ alone, which is not an error here.
    extensions = mypycify(
        ["--no-warn-unused-configs", *sources],
        opt_level="3",
        multi_file=True,  # one C file per module, compiled on every core
        group_name=GROUP,
        target_dir=str(NATIVE_DIR / "c"),
    )
    args = ["build_ext", "--build-lib", str(NATIVE_DIR), "--build-temp", str(NATIVE_DIR / "tmp")]
    setup(name=GROUP, ext_modules=extensions, script_args=[*args, "--parallel", str(os.cpu_count() or 1)])
    shutil.rmtree(NATIVE_DIR / "tmp", ignore_errors=True)
    STAMP.write_text(json.dumps(stamp, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build unless current (or `--force`), printing one line; the compiler's output only on failure."""
    if build_state() == "compiled" and "--force" not in (sys.argv[1:] if argv is None else argv):
        print(f"native build: up to date ({NATIVE_DIR})")
        return 0
    start = time.perf_counter()
    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            build()
    except (Exception, SystemExit) as exc:  # setuptools exits on a compiler error
        print(log.getvalue(), file=sys.stderr)
        print(f"native build failed ({exc!r}): nianbao runs as plain Python, about 1.4x slower", file=sys.stderr)
        return 1
    print(f"native build: {len(COMPILED)} modules compiled in {time.perf_counter() - start:.0f} s ({build_state()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
