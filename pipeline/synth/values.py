"""True table values of one agency, year after year, that satisfy every statutory identity.

Values follow the shape of real reports: most bodies receive a handful of applications or
none, a few cities receive hundreds; 自然人 dominate; t4 is mostly zeros. An agency's
state carries over between years (结转下年度 of year N is 上年结转 of N+1, 现行有效件数 rolls
with 制发 and 废止), so the cross-year rules have consistent histories to check.
"""

import random
from dataclasses import dataclass, field

from pipeline.synth.names import Agency

T3_COLS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")
T4_GROUPS = ("review", "suit_direct", "suit_after_review")
T4_PARTS = ("upheld", "corrected", "other", "pending", "total")
T4_COLS = tuple(f"{g}.{p}" for g in T4_GROUPS for p in T4_PARTS)
_DENIED = ("state_secret", "prohibited_by_law", "three_securities", "third_party", "internal_affairs",
           "process_info", "enforcement_file", "query_matter")  # fmt: skip
_UNAVAILABLE = ("not_held", "needs_creation", "unclear")
_NOT_PROCESSED = ("petition", "repeated", "publication", "excessive", "confirmation")
# Result leaf rows and their weight among handled applications (roughly the national mix).
_LEAF_WEIGHTS: dict[str, float] = {
    "granted": 34.0,
    "partially_granted": 9.0,
    **{f"denied.{r}": w for r, w in zip(_DENIED, (0.6, 0.8, 0.4, 1.2, 1.5, 2.0, 0.6, 1.4), strict=True)},
    **{f"unavailable.{r}": w for r, w in zip(_UNAVAILABLE, (24.0, 4.0, 3.0), strict=True)},
    **{f"not_processed.{r}": w for r, w in zip(_NOT_PROCESSED, (5.0, 3.0, 0.5, 0.8, 1.0), strict=True)},
}
_OTHER_2021 = {"other.no_correction": 3.0, "other.unpaid_fee": 0.3, "other.other": 2.5}
_ORG_SHARE = (0.86, 0.07, 0.005, 0.01, 0.03, 0.025)  # natural person, commercial, research, ...
_SCALE = {"province": 40.0, "city": 8.0, "county": 2.0, "township": 0.3}

Key = tuple[str, str, str]


def t3_rows(era: str) -> list[str]:
    """Return the printed t3 row codes of an era, in order (gov2019 has the single 其他处理 row)."""
    others = ["other"] if era == "gov2019" else list(_OTHER_2021)
    leaves = ["granted", "partially_granted", *(f"denied.{r}" for r in _DENIED),
              *(f"unavailable.{r}" for r in _UNAVAILABLE), *(f"not_processed.{r}" for r in _NOT_PROCESSED)]  # fmt: skip
    return ["new_received", "carried_in", *leaves, *others, "total_handled", "carried_out"]


def result_leaves(era: str) -> list[str]:
    """Return the rows whose sum is （七）总计 in an era."""
    return [r for r in t3_rows(era) if r not in ("new_received", "carried_in", "total_handled", "carried_out")]


@dataclass
class State:
    """What an agency carries from one year to the next."""

    carried_out: list[int] = field(default_factory=lambda: [0] * 6)
    in_force: dict[str, int] = field(default_factory=dict[str, int])
    prev_items: dict[str, int] = field(default_factory=dict[str, int])


@dataclass
class YearValues:
    """The true printed values of one report: t2/t3/t4 cells (None = printed blank) and legacy rows."""

    cells: dict[Key, int | float | None] = field(default_factory=dict[Key, int | float | None])
    legacy: list[tuple[str, str, int | float | None, str | None]] = field(
        default_factory=list[tuple[str, str, int | float | None, str | None]]
    )  # (printed label, unit, value, indicator code)
    fee_decimals: int = 0


def _count(rng: random.Random, mean: float) -> int:
    """Return an overdispersed count around `mean` (most bodies small, a long tail)."""
    if mean <= 0:
        return 0
    return int(rng.expovariate(1.0 / mean) * rng.choice((0.5, 1.0, 1.0, 1.5)) + rng.random() * 0.5)


def _spread(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    out = dict.fromkeys(weights, 0)
    if n <= 0:
        return out
    names, w = list(weights), list(weights.values())
    if n > 200:  # large counts: proportional shares plus a random remainder, in O(rows)
        total = sum(w)
        for name, wi in zip(names, w, strict=True):
            out[name] = int(n * wi / total * rng.uniform(0.8, 1.2))
        overshoot = sum(out.values()) - n
        while overshoot > 0:
            name = max(out, key=lambda k: out[k])
            cut = min(overshoot, out[name])
            out[name] -= cut
            overshoot -= cut
        n -= sum(out.values())
    for name in rng.choices(names, w, k=n):
        out[name] += 1
    return out


def t3_values(rng: random.Random, agency: Agency, era: str, state: State, activity: float) -> dict[Key, int]:
    """Return the t3 cells of one year; updates `state.carried_out`. Every identity holds."""
    mean = _SCALE[agency.level] * activity
    idle = rng.random() < (0.55 if agency.level == "township" else 0.25)
    new = [0 if idle else _count(rng, mean * s * 6) for s in _ORG_SHARE]
    carried_in = list(state.carried_out)
    weights = dict(_LEAF_WEIGHTS)
    weights.update({"other": 5.8} if era == "gov2019" else _OTHER_2021)
    rows: dict[str, list[int]] = {r: [0] * 6 for r in t3_rows(era)}
    rows["new_received"], rows["carried_in"] = new, carried_in
    for c in range(6):
        avail = new[c] + carried_in[c]
        out = sum(1 for _ in range(avail) if rng.random() < 0.04) if avail < 500 else int(avail * 0.04)
        rows["carried_out"][c] = out
        handled = _spread(rng, avail - out, {r: weights[r] for r in result_leaves(era)})
        for r, v in handled.items():
            rows[r][c] = v
        rows["total_handled"][c] = avail - out
    state.carried_out = list(rows["carried_out"])
    cells: dict[Key, int] = {}
    for r, vals in rows.items():
        for c, v in enumerate([*vals, sum(vals)]):
            cells[("t3", r, T3_COLS[c])] = v
    return cells


def t4_values(rng: random.Random, agency: Agency, activity: float) -> dict[Key, int]:
    """Return the 15 t4 cells: three groups whose 总计 is the sum of their four parts."""
    cells: dict[Key, int] = {}
    busy = rng.random() < {"province": 0.9, "city": 0.5, "county": 0.2, "township": 0.03}[agency.level]
    for g, mean in zip(T4_GROUPS, (1.5, 0.8, 0.3), strict=True):
        parts = [_count(rng, mean * activity * w) if busy else 0 for w in (1.6, 0.3, 0.4, 0.5)]
        for p, v in zip(T4_PARTS, [*parts, sum(parts)], strict=True):
            cells[("t4", "cases", f"{g}.{p}")] = v
    return cells


def fee_amount(rng: random.Random, agency: Agency) -> tuple[float, int]:
    """Return an admin-fee amount in 万元 and the decimals it is printed with."""
    if rng.random() < 0.55:
        return 0, 0
    base = {"province": 2000.0, "city": 300.0, "county": 60.0, "township": 2.0}[agency.level]
    decimals = rng.choice((0, 1, 2, 2, 4, 4))
    amount = round(rng.expovariate(1.0 / base), decimals)
    return (int(amount) if decimals == 0 else amount), decimals


def t2_values(
    rng: random.Random, agency: Agency, era: str, state: State, activity: float
) -> tuple[dict[Key, int | float], int]:
    """Return an era's t2 cells and the fee's printed decimals; updates the rolling state."""
    cells: dict[Key, int | float] = {}
    scale = _SCALE[agency.level] * activity
    makes_rules = agency.is_government and agency.level in ("city", "province")
    for row in ("regulations", "normative_docs"):
        prev = state.in_force.setdefault(row, _count(rng, 20 * scale) if makes_rules or row != "regulations" else 0)
        issued = (
            _count(rng, scale * (0.8 if row == "regulations" else 1.5)) if makes_rules or row != "regulations" else 0
        )
        repealed = min(prev, _count(rng, scale * 0.4)) if prev else 0
        in_force = prev + issued - repealed
        state.in_force[row] = in_force
        if era == "gov2021":
            cells.update({("t2", row, "issued"): issued, ("t2", row, "repealed"): repealed,
                          ("t2", row, "in_force"): in_force})  # fmt: skip
        else:
            published = issued - (1 if issued and rng.random() < 0.1 else 0)
            cells.update({("t2", row, "made"): issued, ("t2", row, "published"): published,
                          ("t2", row, "total_public"): in_force})  # fmt: skip
    decisions = {"licensing": _count(rng, 300 * scale), "penalty": _count(rng, 40 * scale),
                 "coercion": _count(rng, 6 * scale), "other_services": _count(rng, 100 * scale)}  # fmt: skip
    if agency.level == "township" or rng.random() < 0.25:
        decisions = dict.fromkeys(decisions, 0)
    fee, decimals = fee_amount(rng, agency)
    if era == "gov2021":
        for row in ("licensing", "penalty", "coercion"):
            cells[("t2", row, "decisions")] = decisions[row]
        cells[("t2", "admin_fees", "amount_wan_yuan")] = fee
        return cells, decimals
    for row in ("licensing", "other_services", "penalty", "coercion", "admin_fees"):
        prev = state.prev_items.setdefault(row, _count(rng, 30 * scale))
        change = max(-prev, int(rng.gauss(0, 3))) if rng.random() < 0.4 else 0
        state.prev_items[row] = prev + change
        cells[("t2", row, "prev_items")] = prev
        cells[("t2", row, "change")] = change
        if row != "admin_fees":
            cells[("t2", row, "decisions")] = decisions[row]
    items = _count(rng, 3 * scale)
    cells[("t2", "procurement", "items")] = items
    cells[("t2", "procurement", "amount")] = round(items * rng.uniform(5, 80), 2) if items else 0
    return cells, 2
