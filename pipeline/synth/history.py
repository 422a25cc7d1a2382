"""One agency's reports, year after year: true values, defects, and the text of each report.

The state an agency carries (结转, 现行有效) flows from one year into the next, so a
copy-paste of last year's tables shows up as a broken carry-over as it does in reality.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.synth import defects as d
from pipeline.synth.document import Spec, compose, truth_record
from pipeline.synth.layouts import LAYOUTS, draw_style
from pipeline.synth.legacy_table import legacy_rows
from pipeline.synth.names import Agency
from pipeline.synth.values import T3_COLS, State, t2_values, t3_rows, t3_values, t4_values

FIGURE_ORDER = ("received", "carried_in", "handled", "carried_out", "granted", "partially_granted", "denied",
                "unavailable", "review", "litigation")  # fmt: skip
LEGACY_LAYOUTS = ("tab", "pipe", "html", "flattened")  # where the parser reads a statistics table
Cells = dict[tuple[str, str, str], int | float | None]


def era_of(year: int) -> str:
    """Return the statutory format of a report year."""
    return "gov2021" if year >= 2021 else "gov2019" if year >= 2019 else "pre2019"


VALUE_DEFECTS = ("arithmetic_t3", "arithmetic_t4", "unit_slip", "blank_cells")


@dataclass(frozen=True)
class _Printed:
    """What a report printed, as next year's copy-paste repeats it."""

    era: str
    cells: Cells
    legacy: list[Any]
    decimals: int
    fee_header_yuan: bool
    value_defects: list[dict[str, Any]]


@dataclass(frozen=True)
class Written:
    """One report ready to be written: file name, bytes, truth record."""

    name: str
    data: bytes
    truth: dict[str, Any]


def figures(cells: Cells) -> dict[str, tuple[int, set[int]]]:
    """Return each prose figure's value and every value the narrative rule would accept for it."""

    def tot(*rows: str) -> list[int | float | None]:
        return [cells.get(("t3", r, "total")) for r in rows]

    blocks = {
        g: [r for (t, r, c) in cells if t == "t3" and c == "total" and r.startswith(g + ".")]
        for g in ("denied", "unavailable")
    }
    sums: dict[str, list[int | float | None]] = {
        "received": tot("new_received"),
        "carried_in": tot("carried_in"),
        "handled": tot("total_handled"),
        "carried_out": tot("carried_out"),
        "granted": tot("granted"),
        "partially_granted": tot("partially_granted"),
        "denied": tot(*blocks["denied"]),
        "unavailable": tot(*blocks["unavailable"]),
        "review": [cells.get(("t4", "cases", "review.total"))],
        "litigation": [cells.get(("t4", "cases", f"{g}.total")) for g in ("suit_direct", "suit_after_review")],
    }
    out: dict[str, tuple[int, set[int]]] = {}
    for name, terms in sums.items():
        if any(v is None for v in terms):
            continue
        value = int(sum(v for v in terms if v is not None))
        ok = {value}
        if name == "received":
            ok.add(value + int(cells.get(("t3", "carried_in", "total")) or 0))
        if name == "partially_granted":
            ok.add(value + int(cells.get(("t3", "granted", "total")) or 0))
        if name in blocks:
            ok.update(int(v) for v in terms if v is not None)
        out[name] = (value, ok)
    return out


def _restore_state(state: State, cells: Cells, era: str) -> None:
    """Make the carried state that of a copied report: next year follows what was printed."""
    state.carried_out = [int(cells[("t3", "carried_out", c)] or 0) for c in T3_COLS[:6]]
    for row in ("regulations", "normative_docs"):
        state.in_force[row] = int(cells[("t2", row, "in_force" if era == "gov2021" else "total_public")] or 0)


def _prose_figures(rng: random.Random, cells: Cells, wrong: bool) -> tuple[dict[str, int], dict[str, Any] | None]:
    avail = figures(cells)
    chosen = [k for k in FIGURE_ORDER if k in avail and (k == "received" or rng.random() < 0.55)]
    stated = {k: avail[k][0] for k in chosen}
    if not wrong or not stated:
        return stated, None
    name = rng.choice(chosen)
    value, ok = avail[name]
    new = value
    while new in ok:
        new = max(0, new + rng.choice((-2, -1, 1, 1, 2, 3, 5, 10)))
    stated[name] = new
    return stated, {"kind": "narrative", "figure": name, "true": value, "printed": new}


def _inject(rng: random.Random, kinds: set[str], cells: Cells, era: str, spec: Spec) -> list[dict[str, Any]]:
    """Apply the table and prose defects to the printed cells and the spec; return their records."""
    records: list[dict[str, Any]] = []
    touched: set[tuple[str, str, str]] = set()
    arithmetic = []
    if "arithmetic_t3" in kinds:
        arithmetic.append(d.arithmetic_t3(rng, cells, t3_rows(era)))
    if "arithmetic_t4" in kinds:
        arithmetic.append(d.arithmetic_t4(rng, cells))
    for rec in arithmetic:
        t, r, c = rec["cell"]
        touched.add((t, r, c))
        records.append(rec)
    slip = d.unit_slip(rng, cells) if "unit_slip" in kinds else None
    if slip is not None:
        spec.fee_decimals = 2 if isinstance(slip["printed"], float) else 0
        spec.fee_header_yuan = slip["form"] == "header"
        touched.add(("t2", "admin_fees", "amount_wan_yuan"))
        records.append(slip)
    blanks = d.blank_cells(rng, cells, touched) if "blank_cells" in kinds else None
    if blanks is not None:
        records.append(blanks)
    hit = d.split_number(rng, cells, touched) if "split_number" in kinds else None
    if hit is not None:
        spec.split[hit[1]] = hit[0]["printed"]
        records.append(hit[0])
    if "label_typo" in kinds:
        spec.labels, typo = d.label_typos(rng, era)
        records.append(typo)
    if era != "pre2019" and ("narrative" in kinds or rng.random() < 0.75):
        spec.figures, wrong = _prose_figures(rng, cells, "narrative" in kinds)
        if wrong:
            records.append(wrong)
    return records


def _truncate(rng: random.Random, text: str, spans: dict[Any, tuple[int, int]]) -> tuple[str, dict[str, Any]]:
    start = max(0, text.find("二、主动公开政府信息情况"))
    cut = rng.randint(start + 1, max(start + 1, len(text) - 1))
    lost = sorted(k for k, (_, end) in spans.items() if end > cut)
    straddled = [list(k) for k, (s, e) in spans.items() if s < cut < e]
    return text[:cut], {"kind": "truncated", "at": cut, "unprinted": [list(k) for k in lost], "cut_cell": straddled}


def agency_reports(agency: Agency, agency_index: int, years: tuple[int, ...], first_index: int, seed: int,
                   rates: d.DefectRates) -> Iterator[Written]:  # fmt: skip
    """Yield the agency's reports for consecutive `years`, numbered from `first_index`."""
    arng = random.Random(f"{seed}:agency:{agency_index}")
    activity = arng.lognormvariate(0, 0.8)
    site_layout = arng.choice(LAYOUTS)  # a site keeps its layout, mostly
    state = State()
    prev: _Printed | None = None
    for offset, year in enumerate(years):
        rng = random.Random(f"{seed}:{agency_index}:{year}")
        era = era_of(year)
        layout = site_layout if rng.random() < 0.8 else rng.choice(LAYOUTS)
        if era == "pre2019" and layout not in LEGACY_LAYOUTS:
            layout = rng.choice(LEGACY_LAYOUTS)
        kinds = d.draw(rng, rates, era, layout, has_previous=prev is not None and prev.era == era)
        cells: Cells = {}
        legacy: list[Any] = []
        decimals = 0
        if era == "pre2019":
            legacy = legacy_rows(rng, year, activity) if rng.random() < 0.7 else []
        else:
            t2, decimals = t2_values(rng, agency, era, state, activity)
            cells = {**t2, **t3_values(rng, agency, era, state, activity), **t4_values(rng, agency, activity)}
        copied = "copy_paste" in kinds and prev is not None
        if copied and prev is not None:
            cells, legacy, decimals = dict(prev.cells), list(prev.legacy), prev.decimals
            if era != "pre2019":
                _restore_state(state, cells, era)
        elif prev is not None and era != "pre2019" and cells == prev.cells:
            cells[("t2", "licensing", "decisions")] = int(cells[("t2", "licensing", "decisions")] or 0) + 1
        spec = Spec(agency, year, era, draw_style(layout, rng), cells, legacy, decimals, noise="site_noise" in kinds,
                    distractor=rng.random() < 0.1)  # fmt: skip
        inherited: list[dict[str, Any]] = []
        if copied and prev is not None:
            # A copy repeats last year's slips and blanks: they are this report's defects too.
            spec.fee_header_yuan = prev.fee_header_yuan
            inherited = [{**r, "inherited_from": year - 1} for r in prev.value_defects]
        records = inherited + _inject(rng, kinds, cells, era, spec)
        # Next year's copy-paste copies this report as printed: its slips and blanks included.
        value_defects = [r for r in records if r["kind"] in VALUE_DEFECTS]
        prev = _Printed(era, dict(cells), list(legacy), spec.fee_decimals, spec.fee_header_yuan, value_defects)
        if copied:
            records.append({"kind": "copy_paste", "from_year": year - 1})
        built, truth, optional = compose(spec, rng)
        text = built.text()
        if "truncated" in kinds:
            text, rec = _truncate(rng, text, built.spans)
            records.append(rec)
        encoding = "utf-8"
        if "gbk" in kinds:
            encoding = "gbk"
            records.append({"kind": "gbk"})
        if "site_noise" in kinds:
            records.append({"kind": "site_noise"})
        index = first_index + offset
        name = f"reports/{index // 1000:03d}/{index:06d}.{'html' if layout == 'html' else 'txt'}"
        yield Written(name, _encode(text, encoding), truth_record(spec, name, encoding, truth, optional, records))


def _encode(text: str, encoding: str) -> bytes:
    if encoding != "gbk":
        return text.encode("utf-8")
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return text.encode("gb18030")  # a no-break space has no GBK code; GB18030 is its superset
