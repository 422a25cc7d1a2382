"""narrative.matches_tables: a stated figure fails only when it surely names a table sum that differs.

The default fixture report has 6 new + 1 carried-in applications, 4 granted, 1 partially
granted, 1 unavailable, 1 carried out; 2 administrative reviews and 1 suit.
"""

import re
from typing import Any

import pytest

from pipeline.model import Report
from pipeline.narrative import FIGURE_WORDS, figures
from pipeline.parse import parse_bytes
from tests.unit.fixtures import render_report, t3_values

RULE = "narrative.matches_tables"


def narrative(prose: str, **overrides: Any) -> tuple[str, list[str]]:
    """Return the rule's status and the figure names of its failing findings."""
    report: Report = parse_bytes(render_report(prose=prose, **overrides).encode("utf-8"), "report.txt")
    failing = [f.scope for f in report.findings if f.rule == RULE and f.status == "fail"]
    return report.rule_results[RULE], failing


@pytest.mark.parametrize(
    "prose",
    [
        "全年共受理网民咨询2081件，均已按时答复。",  # enquiries, not applications
        "全年共收到群众来电诉求300件。",
        "全年共收到申请较上年增加3件。",  # a difference
        "全年共收到自然人申请5件。",  # one applicant column, not the total
        "行政复议维持1件。",  # one outcome of the reviews
        "自2008年以来，累计受理政府信息公开申请500件。",  # since a date, not the report year
        "2021年共收到政府信息公开申请9件，2022年共收到政府信息公开申请6件。",  # two years compared
        "与上年同期相比，去年全年共收到申请9件。",  # last year's figure
        "全年共收到申请后平均5个工作日内答复。",  # 个 of 工作日
        "全年共受理政府信息公开申请1 9件。",  # a number split by a space: not read as 9
    ],
)
def test_counts_of_something_else_are_not_figures(prose: str) -> None:
    assert narrative(prose) == ("not_assessable", [])


@pytest.mark.parametrize(
    "prose",
    [
        "全年共受理政府信息公开申请 6 件。",  # spaces around the number, as PDF text prints it
        "自2022年1月1日起至2022年12月31日止，共收到政府信息公开申请6件。",  # one year twice
    ],
)
def test_figures_as_real_reports_print_them_are_read(prose: str) -> None:
    assert narrative(prose) == ("pass", [])


def test_an_enquiry_count_beside_a_true_figure_passes() -> None:
    assert narrative("全年共受理网民咨询2081件，本年度共受理政府信息公开申请6件。") == ("pass", [])


@pytest.mark.parametrize(("prose", "status"), [("全年共收到7件申请。", "pass"), ("全年共收到9件申请。", "fail")])
def test_applications_named_after_the_number(prose: str, status: str) -> None:
    assert narrative(prose)[0] == status


DENIED = t3_values(denied__third_party=[2, 0, 0, 0, 0, 0, 2], denied__process_info=[1, 0, 0, 0, 0, 0, 1])


def test_block_sum_with_every_term_read_is_judged() -> None:
    assert narrative("不予公开3件。", t3=DENIED) == ("pass", [])
    assert narrative("不予公开5件。", t3=DENIED) == ("fail", ["denied"])


def test_block_sum_with_a_term_not_read_is_not_assessable() -> None:
    # The sub-items read (2, 1, zeros) differ from 3, but the block sum might equal it.
    assert narrative("不予公开3件。", t3=DENIED, drop_rows=["denied.query_matter"]) == ("not_assessable", [])


def test_received_with_carried_in_not_read_is_not_assessable() -> None:
    # 7 may be new + carried in: that reading can't be summed.
    assert narrative("全年共收到申请7件。", drop_rows=["carried_in"]) == ("not_assessable", [])


@pytest.mark.parametrize(
    ("prose", "status", "failing"),
    [
        ("发生行政复议、行政诉讼案件3件。", "pass", []),
        ("发生行政复议和行政诉讼案件2件。", "fail", ["review_and_litigation"]),
        ("发生行政复议、行政诉讼各1件。", "not_assessable", []),
        ("行政复议和诉讼2件。", "fail", ["review_and_litigation"]),  # not 2 reviews
    ],
)
def test_review_and_litigation_counted_together(prose: str, status: str, failing: list[str]) -> None:
    assert narrative(prose) == (status, failing)


def test_granted_or_partially_granted_is_their_sum() -> None:
    assert narrative("其中予以公开或部分公开5件。") == ("pass", [])


def test_applications_named_after_the_number_and_their_kind() -> None:
    assert narrative("全年共受理7起政府信息公开申请，已全部答复。") == ("pass", [])
    assert narrative("全年共受理7起，均为网民留言。")[0] == "not_assessable"


def test_every_figure_needs_one_of_the_words_lines_are_filtered_by() -> None:
    # check_narrative skips a sentence holding none of FIGURE_WORDS: a figure whose pattern can
    # match without one of them would silently never be read.
    for fig in figures():
        # The words before the first gap, look-behinds (conditions on what precedes) left out.
        required = re.sub(r"\(\?<[!=][^)]*\)", "", fig.pattern.pattern).split("[", 1)[0]
        assert any(w in required for w in FIGURE_WORDS), fig.name
        for alternative in _literal_alternatives(required):
            assert any(w in alternative for w in FIGURE_WORDS), (fig.name, alternative)


def test_every_figure_match_holds_one_of_its_own_words() -> None:
    # A sentence holding none of a figure's `words` is not scanned for that figure.
    for fig in figures():
        required = re.sub(r"\(\?<[!=][^)]*\)", "", fig.pattern.pattern).split("[", 1)[0]
        assert fig.words, fig.name
        for alternative in _literal_alternatives(required):
            assert any(w in alternative for w in fig.words), (fig.name, alternative)


def test_a_figure_on_a_line_of_the_shortest_length_is_read() -> None:
    # Lines shorter than the shortest figure (5 characters) are passed over unscanned.
    assert narrative("已办结6件") == ("pass", [])
    assert narrative("已办结9件") == ("fail", ["handled"])


def _literal_alternatives(prefix: str) -> list[str]:
    """Spell out every alternative of the (?:a|b) groups in a literal pattern prefix."""
    out = [""]
    for literal, group in re.findall(r"([^(]*)(?:\(\?:([^)]*)\)\??)?", prefix):
        out = [o + literal for o in out]
        if group:
            out = [o + g for o in out for g in group.split("|")]
    return out
