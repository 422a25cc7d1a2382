"""Settle t3 rows that several readings fit, using the table's column identities.

A flattened row such as 270020130 splits two ways that both satisfy the row's own total.
The printed table also states, per column, that the results sum to （七）总计 and that
new + carried in = handled + carried out. When exactly one combination of the candidate
readings makes every such equation that touches them hold, that combination is the reading;
otherwise the disputed cells stay missing.
"""

from itertools import product

from pipeline.catalogue import IdentityInstance, expand_identity, load_catalogue
from pipeline.fit import Values

MAX_COMBINATIONS = 512
Grid = dict[tuple[str, str], int | float | None]


def column_equations(era: str, rows: list[str]) -> list[IdentityInstance]:
    """Return the catalogue's per-column t3 equations for these rows."""
    rules = [r for r in load_catalogue() if r.identity and r.identity["table"] == "t3" and r.identity["each"] == "col"]
    return [inst for r in rules for inst in expand_identity(r, era, rows)]


def _holds(inst: IdentityInstance, grid: Grid) -> bool | None:
    terms = [grid.get((row, col)) for _, row, col in (*inst.lhs, *inst.rhs)]
    if any(v is None for v in terms):
        return None
    lhs = sum(float(grid[(r, c)] or 0) for _, r, c in inst.lhs)
    rhs = sum(float(grid[(r, c)] or 0) for _, r, c in inst.rhs)
    return abs(lhs - rhs) < 1e-9


def resolve(
    grid: Grid,
    pending: dict[str, tuple[tuple[int | float | None, ...], ...]],
    cols: list[str],
    era: str,
    rows: list[str],
) -> dict[str, Values]:
    """Return the one reading per pending row that makes every touched column equation hold, or {}."""
    names = sorted(pending)
    options = [pending[n] for n in names]
    total = 1
    for o in options:
        total *= len(o)
    if not names or total > MAX_COMBINATIONS:
        return {}
    touched = [inst for inst in column_equations(era, rows) if any(r in pending for _, r, _ in (*inst.lhs, *inst.rhs))]
    winners: list[tuple[tuple[int | float | None, ...], ...]] = []
    for combo in product(*options):
        trial = dict(grid)
        for name, reading in zip(names, combo, strict=True):
            trial.update({(name, c): v for c, v in zip(cols, reading, strict=True)})
        if touched and all(_holds(inst, trial) for inst in touched):
            winners.append(combo)
    if len(winners) != 1:
        return {}
    return {name: list(reading) for name, reading in zip(names, winners[0], strict=True)}
