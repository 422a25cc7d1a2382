"""legacy.part_le_whole on flattened tables: each printed column alone, and only when fully read."""

from pipeline.catalogue import rules_by_id
from pipeline.model import Cell, Missing
from pipeline.rules_legacy import check_part_le_whole

RULE = rules_by_id()["legacy.part_le_whole"]


def _cells(rows: list[tuple[str, int, int]]) -> list[Cell]:
    out = []
    for row, value, cumulative in rows:
        out.append(Cell("legacy", row, "value", value, str(value), 1, "件"))
        out.append(Cell("legacy", row, "cumulative", cumulative, str(cumulative), 1, "件"))
    return out


RECEIVED = [("(一)收到申请数", 3, 40), ("1.当面申请数", 1, 10), ("2.网络申请数", 2, 30)]


def test_the_year_and_the_running_total_are_summed_apart() -> None:
    status, findings = check_part_le_whole(RULE, _cells(RECEIVED), [])

    assert status == "pass"
    assert not findings


def test_a_running_total_that_does_not_add_up_fails_on_its_own_column() -> None:
    rows = [*RECEIVED[:2], ("2.网络申请数", 2, 31)]
    status, findings = check_part_le_whole(RULE, _cells(rows), [])

    assert status == "fail"
    assert [(f.scope, f.expected, f.actual) for f in findings] == [("(一)收到申请数", 41.0, 40.0)]
    assert {c["col"] for c in findings[0].cells} == {"cumulative"}


def test_a_column_with_an_unread_row_is_not_assessed() -> None:
    # 2.网络申请数 unread: (一)'s parts as read would be 1.当面申请数 alone, or a wrong pair.
    rows = [RECEIVED[0], RECEIVED[1], ("3.信函申请数", 0, 0)]
    status, findings = check_part_le_whole(RULE, _cells(rows), [Missing("legacy", "2.网络申请数", "value", "glued", 1)])

    assert status == "not_assessable"
    assert all(f.status != "fail" for f in findings)
    unread = next(f for f in findings if f.scope == "value")
    assert [(c["row"], c["missing"]) for c in unread.cells] == [("2.网络申请数", "glued")]
    assert "1行未能读出" in unread.message


def test_a_section_whose_blank_heading_was_dropped_is_not_a_sum() -> None:
    # Flattened tables drop 无数据 rows like （二）通过不同渠道和方式回应解读的情况; 1.–2. are not parts of (一).
    rows = [
        ("(一)回应公众关注热点或重大舆情数", 3, 9),
        ("1.参加或举办新闻发布会总次数", 5, 15),
        ("2.政策解读稿件发布数", 6, 18),
    ]
    status, findings = check_part_le_whole(RULE, _cells(rows), [])

    assert status != "fail"
    assert not [f for f in findings if f.status == "fail"]
