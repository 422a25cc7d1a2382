"""Read the contract, annual-report-spec.yaml: sections, cell codes per era, legacy codes.

The file lives in expectations/ beside the rule catalogue; the core reads it as data, so
the core never imports the expectations package.
"""

from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

import pipeline

# From the package, not this module: compiled, this module's file lies in build/native/.
SPEC_PATH: Final = Path(pipeline.__file__).resolve().parents[1] / "expectations" / "annual-report-spec.yaml"
ERAS: Final = ("gov2021", "gov2019", "pre2019")
CellKey = tuple[str, str, str]


@cache
def load_spec() -> dict[str, Any]:
    """Return the parsed spec YAML."""
    with SPEC_PATH.open(encoding="utf-8") as fh:
        spec: dict[str, Any] = yaml.safe_load(fh)
    return spec


def t3_cols() -> list[str]:
    """Return the seven t3 column codes in printed order."""
    return list(load_spec()["t3"]["cols"])


def t4_cols() -> list[str]:
    """Return the fifteen t4 column codes in printed order."""
    return list(load_spec()["t4"]["cols"])


def t3_rows(era: str, single_other: bool = False) -> list[str]:
    """Return the t3 row codes of an era; `single_other` is the 2019-style （六）其他处理 row."""
    rows = list(load_spec()["t3"]["rows"])
    if era == "gov2019" or single_other:
        return [r for r in rows if not r.startswith("other.")]
    return [r for r in rows if r != "other"]


def results_rows(rows: list[str], era: str) -> list[str]:
    """Return the leaf result rows (summing to total_handled) among `rows` for an era."""
    patterns: list[str] = load_spec()["t3"]["results"]["gov2019" if era == "gov2019" else "gov2021"]
    out: list[str] = []
    for pat in patterns:
        if pat.endswith(".*"):
            out.extend(r for r in rows if r.startswith(pat[:-1]))
        elif pat in rows:
            out.append(pat)
    if "other" in rows and "other" not in out:  # a gov2021 report printing the 2019 single row
        out = [r for r in out if not r.startswith("other.")] + ["other"]
    return out


def t2_blocks(era: str) -> list[dict[str, Any]]:
    """Return the t2 blocks of an era (gov2021 or gov2019) as written in the spec."""
    blocks: list[dict[str, Any]] = load_spec()["t2"]["gov2019" if era == "gov2019" else "gov2021"]
    return blocks


def t2_keys(era: str) -> list[CellKey]:
    """Return every (t2, row, col) key of an era's t2 grid."""
    return [("t2", r, c) for b in t2_blocks(era) for r in b["rows"] for c in b["cols"]]


def legacy_indicators() -> dict[str, str]:
    """Return legacy indicator code -> printed label."""
    return dict(load_spec()["legacy_indicators"])


def section_defs() -> list[dict[str, Any]]:
    """Return the six section definitions (code, no, title, aliases)."""
    # YAML 1.1 reads the bare key `no` as the boolean False; give it its name back.
    return [{("no" if k is False else k): v for k, v in s.items()} for s in load_spec()["sections"]]


def valid_keys() -> set[CellKey]:
    """Return every (table, row, col) the spec defines for t2, t3 and t4, in any era."""
    keys: set[CellKey] = set()
    for era in ("gov2021", "gov2019"):
        keys.update(t2_keys(era))
    all_t3_rows = list(load_spec()["t3"]["rows"])
    keys.update(("t3", r, c) for r in all_t3_rows for c in t3_cols())
    keys.update(("t4", "cases", c) for c in t4_cols())
    return keys
