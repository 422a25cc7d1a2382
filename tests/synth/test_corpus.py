"""The synthetic corpus: deterministic, consistent with the statutory identities, defects as declared."""

import json
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.synth.corpus import generate, plan
from pipeline.synth.defects import DefectRates
from pipeline.synth.history import era_of
from pipeline.synth.layouts import LAYOUTS
from pipeline.synth.values import T3_COLS, result_leaves

N = 240


def _truth(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, N, seed=7, jobs=2)
    return out


def _cells(rec: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    return {(t, r, c): v for t, r, c, v in rec["cells"]}


def test_the_corpus_is_a_function_of_the_seed_whatever_the_workers(corpus: Path, tmp_path: Path) -> None:
    generate(tmp_path, N, seed=7, jobs=1)
    assert (tmp_path / "truth.jsonl").read_bytes() == (corpus / "truth.jsonl").read_bytes()
    for rec in _truth(corpus)[::17]:
        assert (tmp_path / rec["file"]).read_bytes() == (corpus / rec["file"]).read_bytes()


def test_every_report_is_written_once_with_its_truth(corpus: Path) -> None:
    truth = _truth(corpus)
    assert len(truth) == N == len({r["file"] for r in truth})
    assert all((corpus / r["file"]).is_file() for r in truth)
    assert json.loads((corpus / "meta.json").read_text(encoding="utf-8"))["n"] == N


def test_eras_follow_the_years_and_every_layout_is_used(corpus: Path) -> None:
    truth = _truth(corpus)
    assert all(r["era"] == era_of(r["year"]) for r in truth)
    assert {r["era"] for r in truth} == {"pre2019", "gov2019", "gov2021"}
    assert {r["layout"] for r in truth if r["era"] != "pre2019"} == set(LAYOUTS)


def test_agencies_report_consecutive_years_and_carry_over_what_they_carried_out(corpus: Path) -> None:
    by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in _truth(corpus):
        by_agency[rec["agency"]].append(rec)
    assert any(len(v) >= 5 for v in by_agency.values())
    checked = 0
    for recs in by_agency.values():
        for prev, cur in pairwise(recs):
            assert cur["year"] == prev["year"] + 1
            kinds = {d["kind"] for r in (prev, cur) for d in r["defects"]}
            if "pre2019" in (prev["era"], cur["era"]) or kinds & {"copy_paste", "arithmetic_t3", "blank_cells"}:
                continue
            a, b = _cells(prev), _cells(cur)
            assert [a[("t3", "carried_out", c)] for c in T3_COLS] == [b[("t3", "carried_in", c)] for c in T3_COLS]
            checked += 1
    assert checked > 20


def test_identities_hold_unless_an_arithmetic_defect_was_injected(corpus: Path) -> None:
    for rec in _truth(corpus):
        kinds = {d["kind"] for d in rec["defects"]}
        if rec["era"] == "pre2019" or kinds & {"arithmetic_t3", "arithmetic_t4", "blank_cells"}:
            continue
        c = _cells(rec)
        for col in T3_COLS:
            assert c[("t3", "total_handled", col)] == sum(c[("t3", r, col)] for r in result_leaves(rec["era"]))
            assert c[("t3", "new_received", col)] + c[("t3", "carried_in", col)] == (
                c[("t3", "total_handled", col)] + c[("t3", "carried_out", col)]
            )
        for g in ("review", "suit_direct", "suit_after_review"):
            parts = sum(c[("t4", "cases", f"{g}.{p}")] for p in ("upheld", "corrected", "other", "pending"))
            assert c[("t4", "cases", f"{g}.total")] == parts


def test_an_arithmetic_defect_changes_exactly_the_printed_cell(corpus: Path) -> None:
    seen = 0
    for rec in _truth(corpus):
        for d in rec["defects"]:
            if d["kind"].startswith("arithmetic"):
                assert _cells(rec)[tuple(d["cell"])] == d["printed"] != d["true"]
                seen += 1
    assert seen


def test_a_rate_of_one_puts_the_defect_in_every_eligible_report(tmp_path: Path) -> None:
    generate(tmp_path, 40, seed=3, rates=DefectRates(gbk=1.0, site_noise=0.0), jobs=1)
    truth = _truth(tmp_path)
    assert all(any(d["kind"] == "gbk" for d in r["defects"]) for r in truth)
    assert all(r["encoding"] == "gbk" for r in truth)
    sample = (tmp_path / truth[0]["file"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        sample.decode("utf-8")


def test_the_plan_is_bounded_by_n_and_spreads_over_the_years() -> None:
    tasks = list(plan(1000, seed=1))
    assert sum(len(t.years) for t in tasks) == 1000
    years = {y for t in tasks for y in t.years}
    assert min(years) == 2008
    assert max(years) == 2025


def test_cli_writes_a_corpus_and_refuses_a_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c"
    assert main(["synth", "--n", "12", "--seed", "2", "--out", str(out), "--jobs", "1", "--years", "2021-2022"]) == 0
    assert {r["year"] for r in _truth(out)} <= {2021, 2022}
    assert main(["synth", "--n", "12", "--out", str(out)]) == 2
    assert main(["synth", "--n", "5", "--out", str(tmp_path / "d"), "--rate", "nonsense=1"]) == 2
    assert "not empty" in capsys.readouterr().err
