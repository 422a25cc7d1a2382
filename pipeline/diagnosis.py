"""Find the likely typo behind failing t3/t4 arithmetic.

A candidate is a single-cell change that makes every failing identity of the table pass
while breaking none that holds.

One candidate is reported as the likely typo; several (e.g. a total one too low, or any of
its parts one too high) are reported as ambiguous, with every candidate listed.
"""

from dataclasses import dataclass

from pipeline import spec
from pipeline.catalogue import IdentityInstance
from pipeline.evidence import CellIndex, fmt, label


@dataclass(frozen=True)
class Candidate:
    """Changing `key` from `printed` to `reconciling` makes the whole table balance."""

    key: spec.CellKey
    printed: float
    reconciling: float


def _diff(inst: IdentityInstance, cells: CellIndex) -> float | None:
    terms = [cells.get(k) for k in (*inst.lhs, *inst.rhs)]
    if any(c is None or c.value is None for c in terms):
        return None
    lhs = sum(float(cells[k].value or 0) for k in inst.lhs)
    rhs = sum(float(cells[k].value or 0) for k in inst.rhs)
    return lhs - rhs


def single_cell_fixes(instances: list[IdentityInstance], cells: CellIndex) -> list[Candidate]:
    """Return every single-cell change that makes all failing equations hold and keeps the rest."""
    diffs = {id(i): _diff(i, cells) for i in instances}
    failing = [i for i in instances if diffs[id(i)] not in (None, 0.0)]
    if not failing:
        return []
    holding = [i for i in instances if diffs[id(i)] == 0.0]
    keys = set(failing[0].lhs) | set(failing[0].rhs)
    out: list[Candidate] = []
    for key in sorted(keys):
        deltas: set[float | None] = set()
        for inst in failing:
            d = diffs[id(inst)] or 0.0
            if key in inst.lhs:
                deltas.add(-d)
            elif key in inst.rhs:
                deltas.add(d)
            else:
                deltas.add(None)
        if len(deltas) != 1 or None in deltas:
            continue
        delta = deltas.pop()
        if delta is None or any(key in i.lhs or key in i.rhs for i in holding):
            continue
        printed = float(cells[key].value or 0)
        new = printed + delta
        if new >= 0 and float(new).is_integer():
            out.append(Candidate(key, printed, new))
    return out


def describe(candidates: list[Candidate]) -> str:
    """Return a sentence a 政务公开 officer can act on."""
    if not candidates:
        return ""
    if len(candidates) == 1:
        c = candidates[0]
        return f"可能的笔误：{label(c.key)} 印为 {fmt(c.printed)}，若为 {fmt(c.reconciling)} 则该表全部平衡。"
    options = "；".join(f"{label(c.key)} {fmt(c.printed)}→{fmt(c.reconciling)}" for c in candidates)
    return f"无法确定是哪一格的笔误，以下任一单格修改都能使该表平衡：{options}。"
