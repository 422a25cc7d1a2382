"""Scoring parsed reports against the synthetic truth: exact, missing, wrong; detection counts."""

from typing import Any

from pipeline.synth.score import Parsed, Score, detectable, score_report


def _truth(cells: list[list[Any]], defects: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "file": "reports/000/000001.txt",
        "agency": "某区",
        "year": 2022,
        "era": "gov2021",
        "layout": "tab",
        "cells": cells,
        "defects": defects or [],
        **extra,
    }


def _parsed(
    cells: dict[tuple[str, str, str], Any], failing: set[str] | None = None, status: str = "parsed", reason: str = ""
) -> Parsed:
    return Parsed(status, "某区", 2022, "gov2021", cells, frozenset(failing or set()), reason)


def test_exact_missing_and_wrong_cells() -> None:
    truth = _truth(
        [["t4", "cases", "review.upheld", 3], ["t4", "cases", "review.total", 4], ["t3", "granted", "total", None]]
    )
    score = Score()
    score_report(truth, _parsed({("t4", "cases", "review.upheld"): 3.0, ("t4", "cases", "review.total"): 5.0}), score)
    every = score.extraction["all"]
    assert (every.cells, every.exact, every.missing, every.wrong) == (3, 2, 0, 1)  # the blank row left out is fine
    assert "read 5.0, truth 4" in score.wrong_examples[0]


def test_a_blank_read_as_a_number_and_a_number_where_nothing_is_printed_are_wrong() -> None:
    truth = _truth([["t3", "granted", "commercial", None]])
    score = Score()
    score_report(truth, _parsed({("t3", "granted", "commercial"): 0.0, ("t2", "licensing", "decisions"): 7.0}), score)
    assert score.extraction["all"].wrong == 2


def test_a_number_read_as_blank_is_missing_not_wrong() -> None:
    score = Score()
    score_report(_truth([["t3", "granted", "total", 2]]), _parsed({("t3", "granted", "total"): None}), score)
    assert (score.extraction["all"].missing, score.extraction["all"].wrong) == (1, 0)


def test_cells_past_a_truncation_are_not_expected_but_a_cut_value_is_wrong() -> None:
    cut = {
        "kind": "truncated",
        "at": 10,
        "unprinted": [["t4", "cases", "review.total"]],
        "cut_cell": [["t4", "cases", "review.total"]],
    }
    truth = _truth([["t4", "cases", "review.total", 1234]], [cut])
    score = Score()
    score_report(truth, _parsed({}, status="partial", reason="2 of the 6 sections not found"), score)
    assert score.extraction["all"].cells == 0
    score_report(truth, _parsed({("t4", "cases", "review.total"): 12.0}, status="partial"), score)
    assert score.extraction["all"].wrong == 1
    assert "cut value" in score.wrong_examples[0]
    # Partial for another reason (an ambiguous row) is not a sign of the cut.
    assert (score.detection["truncated"].tp, score.detection["truncated"].fn) == (1, 1)


def test_optional_cells_count_only_when_emitted() -> None:
    truth = _truth([], optional_cells=[["legacy", "六、举报投诉数量", "cumulative", 51]])
    score = Score()
    score_report(truth, _parsed({}), score)
    assert score.extraction["all"].cells == 0
    score_report(truth, _parsed({("legacy", "六、举报投诉数量", "cumulative"): 5.0}), score)
    assert score.extraction["all"].wrong == 1


def test_detection_counts_true_and_false_positives_per_kind() -> None:
    defect = {"kind": "arithmetic_t4", "cell": ["t4", "cases", "review.total"], "true": 4, "printed": 5}
    cells = [["t4", "cases", f"review.{p}", 1] for p in ("upheld", "corrected", "other", "pending")]
    with_defect = _truth([*cells, ["t4", "cases", "review.total", 5]], [defect])
    score = Score()
    score_report(with_defect, _parsed({}, {"t4.group_total"}), score)
    score_report(_truth([]), _parsed({}, {"t4.group_total"}), score)
    score_report(with_defect, _parsed({}), score)
    d = score.detection["arithmetic_t4"]
    assert (d.tp, d.fp, d.fn, d.detectable) == (1, 1, 1, 2)


def test_an_arithmetic_slip_next_to_a_blank_term_is_not_detectable() -> None:
    defect = {"kind": "arithmetic_t4", "cell": ["t4", "cases", "review.total"], "true": 4, "printed": 5}
    cells = [["t4", "cases", "review.upheld", None], ["t4", "cases", "review.total", 5]]
    assert not detectable("arithmetic_t4", _truth(cells, [defect]))
