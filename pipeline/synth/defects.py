"""Defects injected into synthetic reports, each at a known, configurable rate.

Every injected defect is written to the truth file with what was changed, so detection
(does a rule fire?) and extraction (is the printed value read?) can be measured per kind.
"""

import random
from dataclasses import dataclass, fields, replace
from typing import Any

from pipeline.synth.values import T3_COLS, T4_GROUPS, T4_PARTS, Key

# Real misprints of labels (data/real, data/sample): t2 column headers and t3 row labels.
TYPOS: dict[str, tuple[str, ...]] = {
    "本年制发件数": ("本年发件", "本年制发件"),
    "本年废止件数": ("本年度止件数", "本年废纸件数"),
    "现行有效件数": ("现行有效件", "现行有效件数（历史累计）"),
    "5.属于三类内部事务信息": ("5.属于三类内容事务信息",),
    "2.其他法律行政法规禁止公开": ("2.其他法律行政止公开",),
    "6.属于四类过程性信息": ("6.属于四类过程性性信息",),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": (
        "（二）部分公开（区分处理的，只计这一情况，不计其他情况）",
    ),
    "一、本年新收政府信息公开申请数量": ("一、本年新收政府信息公开申请数",),
}


@dataclass(frozen=True)
class DefectRates:
    """The probability of each defect per eligible report."""

    arithmetic_t3: float = 0.03
    arithmetic_t4: float = 0.02
    unit_slip: float = 0.03
    blank_cells: float = 0.05
    split_number: float = 0.02
    label_typo: float = 0.05
    narrative: float = 0.03
    copy_paste: float = 0.02
    truncated: float = 0.01
    gbk: float = 0.05
    site_noise: float = 0.15

    def with_overrides(self, pairs: list[str]) -> "DefectRates":
        """Return the rates with `kind=rate` overrides applied; unknown kinds raise ValueError."""
        known = {f.name for f in fields(self)}
        changes: dict[str, Any] = {}
        for pair in pairs:
            kind, _, value = pair.partition("=")
            if kind not in known or not value:
                raise ValueError(f"unknown defect rate {pair!r}; known: {', '.join(sorted(known))}")
            rate = float(value)
            if not 0 <= rate <= 1:
                raise ValueError(f"rate of {kind} must be between 0 and 1, got {rate}")
            changes[kind] = rate
        return replace(self, **changes)


def draw(rng: random.Random, rates: DefectRates, era: str, layout: str, has_previous: bool) -> set[str]:
    """Return the defect kinds of one report; table defects need a post-2019 table."""
    post2019 = era != "pre2019"
    eligible = {
        "arithmetic_t3": post2019,
        "arithmetic_t4": post2019,
        "unit_slip": era == "gov2021",
        "blank_cells": post2019 and layout != "flattened",  # a blank cell glued into text vanishes
        "split_number": post2019,
        "label_typo": post2019,
        "narrative": post2019,
        "copy_paste": has_previous,
        "truncated": True,
        "gbk": True,
        "site_noise": True,
    }
    return {f.name for f in fields(rates) if eligible[f.name] and rng.random() < getattr(rates, f.name)}


Cells = dict[Key, int | float | None]


def arithmetic_t3(rng: random.Random, cells: Cells, rows: list[str]) -> dict[str, Any]:
    """Print one t3 cell off by a few: a row total, a leaf or a carried figure."""
    key: Key = ("t3", rng.choice(rows), rng.choice(T3_COLS))
    return _shift(rng, cells, key, "arithmetic_t3")


def arithmetic_t4(rng: random.Random, cells: Cells) -> dict[str, Any]:
    """Print one t4 cell off by a few, so its group's 总计 no longer adds up."""
    key: Key = ("t4", "cases", f"{rng.choice(T4_GROUPS)}.{rng.choice(T4_PARTS)}")
    return _shift(rng, cells, key, "arithmetic_t4")


def _shift(rng: random.Random, cells: Cells, key: Key, kind: str) -> dict[str, Any]:
    old = int(cells[key] or 0)
    delta = rng.choice((-3, -2, -1, 1, 1, 1, 2, 3, 10))
    new = old + delta if old + delta >= 0 else old + abs(delta)
    cells[key] = new
    return {"kind": kind, "cell": list(key), "true": old, "printed": new}


def unit_slip(rng: random.Random, cells: Cells) -> dict[str, Any] | None:
    """Print the fee in 元: under the 万元 header, or with the header itself saying 元."""
    key: Key = ("t2", "admin_fees", "amount_wan_yuan")
    fee = cells.get(key)
    if not fee:
        return None  # nothing to slip: 0 万元 is 0 元
    in_yuan = round(float(fee) * 10000, 2)
    cells[key] = int(in_yuan) if in_yuan.is_integer() else in_yuan
    form = rng.choice(("value", "header"))
    return {"kind": "unit_slip", "cell": list(key), "true": fee, "printed": cells[key], "form": form}


def blank_cells(rng: random.Random, cells: Cells, exclude: set[Key]) -> dict[str, Any] | None:
    """Leave zero cells blank: every zero 法人 cell of t3 (a common habit), or a few anywhere."""
    zeros = [k for k, v in cells.items() if v == 0 and k not in exclude and k[0] in ("t2", "t3", "t4")]
    if rng.random() < 0.5:
        chosen = [k for k in zeros if k[0] == "t3" and k[2] not in ("natural_person", "total")]
    else:
        chosen = rng.sample(zeros, min(len(zeros), rng.randint(1, 6)))
    if not chosen:
        return None
    for k in chosen:
        cells[k] = None
    return {"kind": "blank_cells", "cells": [list(k) for k in sorted(chosen)]}


def split_number(rng: random.Random, cells: Cells, exclude: set[Key]) -> tuple[dict[str, Any], Key] | None:
    """Print a number of two or more digits with a space inside it, as PDF extraction does."""
    wide = sorted(k for k, v in cells.items() if isinstance(v, int) and v >= 10 and k not in exclude)
    if not wide:
        return None
    key = rng.choice(wide)
    digits = str(cells[key])
    at = rng.randint(1, len(digits) - 1)
    printed = f"{digits[:at]} {digits[at:]}"
    return {"kind": "split_number", "cell": list(key), "true": cells[key], "printed": printed}, key


def label_typos(rng: random.Random, era: str) -> tuple[dict[str, str], dict[str, Any]]:
    """Return {label: misprint} for one or two labels, and the defect record."""
    options = [k for k in TYPOS if era == "gov2021" or k not in ("本年制发件数", "本年废止件数", "现行有效件数")]
    chosen = rng.sample(options, rng.randint(1, 2))
    labels = {k: rng.choice(TYPOS[k]) for k in chosen}
    return labels, {"kind": "label_typo", "labels": labels}
