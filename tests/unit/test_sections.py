"""pipeline.sections.find_headings and pipeline.regions: the six statutory sections."""

import pytest

from pipeline.regions import region_tokens
from pipeline.sections import Heading, find_headings

SIX = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
CODES = ["overview", "proactive", "requests", "review_litigation", "problems", "other_matters"]


def codes(headings: list[Heading]) -> list[str]:
    return [h.code for h in headings]


def test_the_six_official_titles() -> None:
    lines = [x for title in SIX for x in (title, "正文。")]

    found = find_headings(lines)

    assert codes(found) == CODES
    assert [h.index for h in found] == [0, 2, 4, 6, 8, 10]
    assert all(h.start == 0 for h in found)
    assert found[2].end == len(SIX[2])


@pytest.mark.parametrize(
    ("no", "title", "code"),
    [
        (2, "三、依申请公开情况", "requests"),
        (3, "四、行政复议和行政诉讼情况", "review_litigation"),
        (3, "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "review_litigation"),
        (3, "四、政府信息公开行政复议行政诉讼情况", "review_litigation"),
        (4, "五、存在问题及改进情况", "problems"),
        (4, "五、存在的主要问题和改进措施", "problems"),
    ],
)
def test_spec_aliases(no: int, title: str, code: str) -> None:
    lines = list(SIX)
    lines[no] = title

    found = find_headings(lines)

    assert codes(found) == CODES
    assert found[no] == Heading(code, no, 0, len(title))


def test_spacing_and_ascii_separators() -> None:
    found = find_headings(["一.总体情况", "二 、 主动公开 政府信息情况", "三．依申请公开情况"])

    assert codes(found) == ["overview", "proactive", "requests"]


def test_overview_subheading_is_not_section_three() -> None:
    lines = ["一、总体情况", "(二)依申请公开情况", "正文。", "二、主动公开政府信息情况", "三、依申请公开情况"]

    found = find_headings(lines)

    assert codes(found) == ["overview", "proactive", "requests"]
    assert found[2].index == 4


def test_overview_subheading_alone_gives_no_section_three() -> None:
    lines = ["一、总体情况", "(三)依申请公开情况", "本年度共受理申请6件。", "二、主动公开政府信息情况"]

    assert codes(find_headings(lines)) == ["overview", "proactive"]


def test_headings_inside_one_flattened_line() -> None:
    line = "".join(f"{t}正文{i}。" for i, t in enumerate(SIX))

    found = find_headings([line])

    assert codes(found) == CODES
    assert {h.index for h in found} == {0}
    assert [line[h.start : h.end] for h in found] == SIX
    assert [h.start for h in found] == sorted(h.start for h in found)


def test_headings_are_searched_in_order() -> None:
    # A "四" before "一" is not a heading found after the overview.
    found = find_headings(["四、行政复议和行政诉讼情况", "一、总体情况", "二、主动公开政府信息情况"])

    assert codes(found) == ["overview", "proactive"]


def test_missing_section_is_skipped_not_invented() -> None:
    lines = [t for t in SIX if not t.startswith("五")]

    assert codes(find_headings(lines)) == [c for c in CODES if c != "problems"]


def test_region_runs_to_the_next_heading_found() -> None:
    lines = ["一、总体情况 共受理申请6件 二、主动公开政府信息情况", "规章\t1", "四、行政复议和行政诉讼情况", "0"]
    headings = find_headings(lines)

    overview = region_tokens(lines, lines, headings, "overview")
    proactive = region_tokens(lines, lines, headings, "proactive")

    assert overview is not None
    assert [t.text for t in overview] == ["共受理申请", "6"]
    assert proactive is not None
    assert [(t.text, t.line) for t in proactive] == [("规章", 2), ("1", 2)]  # 三 is absent: ends at 四
    assert region_tokens(lines, lines, headings, "requests") is None
