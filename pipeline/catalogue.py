"""Read the rule catalogue (expectations/rule_catalogue.yaml) and expand its identities.

An identity rule states diff = sum(lhs) - sum(rhs) = 0 for every scope (a row, a column
or a t4 group); `expand_identity` turns it into concrete cell keys for one era.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipeline import spec

CATALOGUE_PATH = Path(__file__).resolve().parents[1] / "expectations" / "rule_catalogue.yaml"


@dataclass(frozen=True)
class Rule:
    """One catalogue entry."""

    id: str
    severity: str
    kind: str
    statute: str
    description: str
    formula: str
    identity: dict[str, Any] | None = None
    params: dict[str, Any] | None = None


@dataclass(frozen=True)
class IdentityInstance:
    """One concrete equation of an identity rule: sum(lhs) must equal sum(rhs)."""

    rule: str
    scope: str
    lhs: tuple[spec.CellKey, ...]
    rhs: tuple[spec.CellKey, ...]


@cache
def load_catalogue() -> tuple[Rule, ...]:
    """Return every rule of the catalogue, in file order."""
    with CATALOGUE_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return tuple(Rule(**r) for r in data["rules"])


def rules_by_id() -> dict[str, Rule]:
    """Return the catalogue keyed by rule id."""
    return {r.id: r for r in load_catalogue()}


# (id of the rule, era, t3 rows) -> (the rule, its equations). Every report of an era expands
# the same few identities; the rule is kept so a recycled id can never return another's result.
_EXPANDED: dict[tuple[int, str, tuple[str, ...] | None], tuple[Rule, tuple[IdentityInstance, ...]]] = {}


def expand_identity(rule: Rule, era: str, t3_row_codes: list[str] | None = None) -> list[IdentityInstance]:
    """Return the identity's equations for an era; `t3_row_codes` overrides the era's t3 rows."""
    key = (id(rule), era, tuple(t3_row_codes) if t3_row_codes is not None else None)
    hit = _EXPANDED.get(key)
    if hit is None or hit[0] is not rule:
        hit = (rule, tuple(_expand_identity(rule, era, t3_row_codes)))
        if len(_EXPANDED) < 1024:  # bounded: eras x row variants x rules is a handful
            _EXPANDED[key] = hit
    return list(hit[1])


def _expand_identity(rule: Rule, era: str, t3_row_codes: list[str] | None) -> list[IdentityInstance]:
    ident = rule.identity
    if ident is None:
        return []
    table = ident["table"]
    rows = t3_row_codes if t3_row_codes is not None else spec.t3_rows(era)
    out: list[IdentityInstance] = []
    if ident["each"] == "row":
        for row in rows:
            out.append(
                IdentityInstance(
                    rule.id,
                    row,
                    tuple((table, row, c) for c in ident["lhs_cols"]),
                    tuple((table, row, c) for c in ident["rhs_cols"]),
                )
            )
    elif ident["each"] == "col":
        lhs_rows = _rows(ident["lhs_rows"], rows, era)
        rhs_rows = _rows(ident["rhs_rows"], rows, era)
        for col in spec.t3_cols():
            out.append(
                IdentityInstance(
                    rule.id,
                    col,
                    tuple((table, r, col) for r in lhs_rows),
                    tuple((table, r, col) for r in rhs_rows),
                )
            )
    elif ident["each"] == "group":
        for g in ident["groups"]:
            out.append(
                IdentityInstance(
                    rule.id,
                    g,
                    tuple((table, ident["row"], c.format(g=g)) for c in ident["lhs_cols"]),
                    tuple((table, ident["row"], c.format(g=g)) for c in ident["rhs_cols"]),
                )
            )
    return out


def _rows(selector: str | list[str], rows: list[str], era: str) -> list[str]:
    if selector == "results":
        return spec.results_rows(rows, era)
    return list(selector)
