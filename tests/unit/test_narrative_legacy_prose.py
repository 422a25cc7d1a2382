"""pipeline.legacy_prose.read_prose_figures: pre-2019 figures stated in sentences."""

import pytest

from pipeline.legacy_prose import read_prose_figures


def received(*lines: str) -> int | float | None:
    cells = {c.row: c.value for c in read_prose_figures(list(lines), set())}
    return cells.get("requests_received")


def test_the_year_s_applications_are_read() -> None:
    assert received("全年共受理政府信息公开申请9件，均已按期答复。") == 9


@pytest.mark.parametrize(
    "sentence",
    [
        "自2008年《条例》实施以来，累计受理政府信息公开申请500件。",  # since a date
        "共收到自然人申请5件。",  # one applicant type
        "共受理咨询和申请30件。",  # another channel counted in
    ],
)
def test_counts_of_something_else_are_not_the_year_s_applications(sentence: str) -> None:
    assert received(sentence) is None


def test_a_later_sentence_may_state_the_figure() -> None:
    assert received("自2008年以来，累计受理申请500件。本年度共受理政府信息公开申请9件。") == 9


def test_no_application_received_is_zero_whoever_might_have_applied() -> None:
    assert received("本年度未接到公民、法人和其他组织提出的政府信息公开申请。") == 0
