"""Settle t3 rows that several readings fit, using the table's column identities.

A flattened row such as 270020130 splits two ways that both satisfy the row's own total.
The printed table also states, per column, that the results sum to （七）总计 and that
new + carried in = handled + carried out. When exactly one combination of the candidate
readings makes every such equation that touches them hold, that combination is the reading;
otherwise the disputed cells stay missing.

Large glued tables give too many combinations to list, so each column's equations first
strike the readings no choice of the other rows can balance; the combinations left are
searched, and the search stops at a second solution. When no combination balances (the
table misprints a figure), the one combination that a single misprinted cell explains is
the reading, so the misprint is reported instead of hidden.
"""

from itertools import pairwise, product
from typing import Final

from pipeline.catalogue import IdentityInstance, expand_identity, load_catalogue
from pipeline.fit import Values

MAX_COMBINATIONS: Final = 512  # combinations weighed for a single misprinted cell
_MAX_STEPS: Final = 20000  # search steps for a balancing combination
Grid = dict[tuple[str, str], int | float | None]
Reading = tuple[int | float | None, ...]


def column_equations(era: str, rows: list[str]) -> list[IdentityInstance]:
    """Return the catalogue's per-column t3 equations for these rows."""
    return _equations(era, rows, "col")


def _equations(era: str, rows: list[str], each: str) -> list[IdentityInstance]:
    rules = [r for r in load_catalogue() if r.identity and r.identity["table"] == "t3" and r.identity["each"] == each]
    return [inst for r in rules for inst in expand_identity(r, era, rows)]


def _diff(inst: IdentityInstance, grid: Grid) -> float | None:
    """Return lhs - rhs, or None when a term is missing or blank (the equation can't be checked)."""
    total = 0.0
    for sign, side in ((1.0, inst.lhs), (-1.0, inst.rhs)):
        for _, row, col in side:
            v = grid.get((row, col))
            if v is None:
                return None
            total += sign * float(v)
    return total


def _holds(inst: IdentityInstance, grid: Grid) -> bool | None:
    d = _diff(inst, grid)
    return None if d is None else abs(d) < 1e-9


def resolve(
    grid: Grid,
    pending: dict[str, tuple[Reading, ...]],
    cols: list[str],
    era: str,
    rows: list[str],
) -> dict[str, Values]:
    """Return the one reading per pending row that makes every touched column equation hold, or {}.

    When none does, the one combination a single misprinted cell explains, if there is one.
    """
    names = sorted(pending)
    if not names or any(not pending[n] for n in names):
        return {}
    touched = [inst for inst in column_equations(era, rows) if any(r in pending for _, r, _ in (*inst.lhs, *inst.rhs))]
    if not touched:
        return {}
    found = balance(grid, pending, touched, cols)
    if found is not None:
        return {n: list(r) for n, r in found.items()}
    return _single_misprint(grid, pending, names, cols, era, rows)


def balance(
    grid: Grid, pending: dict[str, tuple[Reading, ...]], equations: list[IdentityInstance], cols: list[str]
) -> dict[str, Reading] | None:
    """Return the one reading per pending row that makes every equation hold; {} if several, None if none.

    Every equation must name a pending row; a term neither pending nor in `grid` leaves its
    equation unchecked, so it settles nothing.
    """
    pruned = _prune({n: list(r) for n, r in pending.items()}, equations, grid, cols)
    if pruned is None:
        return None
    return _search(pruned, equations, grid, cols)


def _trial(grid: Grid, assigned: dict[str, Reading], cols: list[str]) -> Grid:
    trial = dict(grid)
    for name, reading in assigned.items():
        trial.update({(name, c): v for c, v in zip(cols, reading, strict=True)})
    return trial


def _prune(
    options: dict[str, list[Reading]], touched: list[IdentityInstance], grid: Grid, cols: list[str]
) -> dict[str, list[Reading]] | None:
    """Strike readings that no choice of the other rows lets a column equation balance.

    Returns None when some row is left with no reading: no combination balances.
    """
    where = {c: i for i, c in enumerate(cols)}
    changed = True
    while changed:
        changed = False
        for inst in touched:
            keep = _feasible_values(inst, options, grid, where)
            if keep is None:
                continue
            for name, allowed in keep.items():
                i = where[next(c for _, r, c in (*inst.lhs, *inst.rhs) if r == name)]
                left = [r for r in options[name] if r[i] in allowed]
                if len(left) < len(options[name]):
                    if not left:
                        return None
                    options[name] = left
                    changed = True
    return options


def _feasible_values(
    inst: IdentityInstance, options: dict[str, list[Reading]], grid: Grid, where: dict[str, int]
) -> dict[str, set[float]] | None:
    """Return, per pending row of one equation, the values some choice of the others balances.

    None when the equation can't prune: a known term is missing or blank, a candidate value is
    blank, or a row appears twice.
    """
    fixed = 0.0
    terms: list[tuple[str, float, set[float]]] = []
    for sign, side in ((1.0, inst.lhs), (-1.0, inst.rhs)):
        for _, row, col in side:
            if row in options:
                seen = {r[where[col]] for r in options[row]}
                if None in seen:
                    return None
                terms.append((row, sign, {float(v) for v in seen if v is not None}))
            else:
                v = grid.get((row, col))
                if v is None:
                    return None
                fixed += sign * float(v)
    if len({name for name, _, _ in terms}) != len(terms):
        return None
    # Sums reachable by the terms before and after each one; a value is feasible when the rest can close the gap.
    before: list[set[float]] = [{fixed}]
    for _, sign, values in terms:
        before.append({s + sign * v for s in before[-1] for v in values})
        if len(before[-1]) > 4096:
            return None
    after: list[set[float]] = [{0.0}]
    for _, sign, values in reversed(terms):
        after.append({s + sign * v for s in after[-1] for v in values})
        if len(after[-1]) > 4096:
            return None
    after.reverse()
    out: dict[str, set[float]] = {}
    for i, (name, sign, values) in enumerate(terms):
        rest = {a + b for a in before[i] for b in after[i + 1]}
        out[name] = {v for v in values if any(abs(r + sign * v) < 1e-9 for r in rest)}
    return out


def _search(
    options: dict[str, list[Reading]], touched: list[IdentityInstance], grid: Grid, cols: list[str]
) -> dict[str, Reading] | None:
    """Return the one balancing combination, {} when there are several, None when there is none.

    Rows with the fewest readings are tried first; an equation is checked as soon as its last
    pending row is chosen. A search that runs out of steps settles nothing ({}).
    """
    names = sorted(options, key=lambda n: (len(options[n]), n))
    rank = {n: i for i, n in enumerate(names)}
    # Each equation is checked once the latest-ranked of its pending rows is chosen.
    due: dict[str, list[IdentityInstance]] = {n: [] for n in names}
    for inst in touched:
        mine = [r for _, r, _ in (*inst.lhs, *inst.rhs) if r in options]
        due[max(mine, key=rank.__getitem__)].append(inst)
    solutions: list[dict[str, Reading]] = []
    steps = 0
    trial = dict(grid)
    chosen: dict[str, Reading] = {}

    def walk(depth: int) -> bool:
        nonlocal steps
        if depth == len(names):
            solutions.append(dict(chosen))
            return len(solutions) < 2
        name = names[depth]
        for reading in options[name]:
            steps += 1
            if steps > _MAX_STEPS:
                return False
            trial.update({(name, c): v for c, v in zip(cols, reading, strict=True)})
            chosen[name] = reading
            if all(_holds(inst, trial) is not False for inst in due[name]) and not walk(depth + 1):
                return False
        return True

    if not walk(0):
        return {}  # a second solution, or too long a search
    return solutions[0] if solutions else None


def _single_misprint(
    grid: Grid, pending: dict[str, tuple[Reading, ...]], names: list[str], cols: list[str], era: str, rows: list[str]
) -> dict[str, Values]:
    """Return the one combination whose failing equations a single misprinted cell explains, or {}."""
    total = 1
    for n in names:
        total *= len(pending[n])
    if total > MAX_COMBINATIONS:
        return {}
    equations = _equations(era, rows, "row") + _equations(era, rows, "col")
    winners: list[tuple[Reading, ...]] = []
    for combo in product(*(pending[n] for n in names)):
        trial = _trial(grid, dict(zip(names, combo, strict=True)), cols)
        if _one_cell_explains(equations, trial):
            winners.append(combo)
            if len(winners) > 1:
                return {}
    if len(winners) != 1:
        return {}
    return {name: list(reading) for name, reading in zip(names, winners[0], strict=True)}


def _one_cell_explains(equations: list[IdentityInstance], grid: Grid) -> bool:
    """Return True if some equations fail and changing one cell would make every one hold."""
    diffs = [(inst, _diff(inst, grid)) for inst in equations]
    failing = [(inst, d) for inst, d in diffs if d is not None and abs(d) >= 1e-9]
    if not failing:
        return False
    holding = {k for inst, d in diffs if d is not None and abs(d) < 1e-9 for k in (*inst.lhs, *inst.rhs)}
    for key in {*failing[0][0].lhs, *failing[0][0].rhs}:
        if key in holding:
            continue
        # The change each failing equation asks of this cell; one cell must answer them all.
        if any(key not in inst.lhs and key not in inst.rhs for inst, _ in failing):
            continue
        asks = [-d if key in inst.lhs else d for inst, d in failing]
        if any(abs(a - b) >= 1e-9 for a, b in pairwise(asks)):
            continue
        new = float(grid.get((key[1], key[2])) or 0) + asks[0]
        if new >= 0 and new.is_integer():
            return True
    return False
