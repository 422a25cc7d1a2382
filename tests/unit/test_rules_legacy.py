"""legacy.part_le_whole: each printed column alone, and no check that needs an unread row."""

import pytest

from pipeline.catalogue import rules_by_id
from pipeline.decode import normalise_line
from pipeline.legacy import read_legacy
from pipeline.model import Cell, Finding, Missing, RuleStatus
from pipeline.rules_legacy import check_part_le_whole

RULE = rules_by_id()["legacy.part_le_whole"]
HEAD = "指标名称计量单位2014年度历年累计"
TAIL = "六、举报投诉数量件00某某县人民政府办公室2015年3月"  # the table goes on, then the signature


def _cells(rows: list[tuple[str, int, int]]) -> list[Cell]:
    out = []
    for n, (row, value, cumulative) in enumerate(rows, start=1):
        out.append(Cell("legacy", row, "value", value, str(value), n, "件"))
        out.append(Cell("legacy", row, "cumulative", cumulative, str(cumulative), n, "件"))
    return out


def _lines(rows: list[tuple[str, int, int]]) -> list[str]:
    return [f"{row}\t件\t{value}\t{cumulative}" for row, value, cumulative in rows] + ["某某县人民政府办公室"]


def check_flat(body: str, tail: str = TAIL) -> tuple[RuleStatus, list[Finding], list[Missing]]:
    """Read one flattened table and check it, as pipeline.parse does."""
    raw = [HEAD + body + tail]
    lines = [normalise_line(x) for x in raw]
    cells, missing = read_legacy(lines, raw)
    status, findings = check_part_le_whole(RULE, cells, missing, lines)
    return status, findings, missing


RECEIVED = [("(一)收到申请数", 3, 40), ("1.当面申请数", 1, 10), ("2.网络申请数", 2, 30)]


def test_the_year_and_the_running_total_are_summed_apart() -> None:
    status, findings = check_part_le_whole(RULE, _cells(RECEIVED), [], _lines(RECEIVED))

    assert status == "pass"
    assert not findings


def test_a_running_total_that_does_not_add_up_fails_on_its_own_column() -> None:
    rows = [*RECEIVED[:2], ("2.网络申请数", 2, 31)]
    status, findings = check_part_le_whole(RULE, _cells(rows), [], _lines(rows))

    assert status == "fail"
    assert [(f.scope, f.expected, f.actual) for f in findings] == [("(一)收到申请数", 41.0, 40.0)]
    assert {c["col"] for c in findings[0].cells} == {"cumulative"}


def test_a_section_whose_blank_heading_was_dropped_is_not_a_sum() -> None:
    # Flattened tables drop 无数据 rows like （二）通过不同渠道和方式回应解读的情况; 1.–2. are not parts of (一).
    rows = [
        ("(一)回应公众关注热点或重大舆情数", 3, 9),
        ("1.参加或举办新闻发布会总次数", 5, 15),
        ("2.政策解读稿件发布数", 6, 18),
    ]
    status, findings = check_part_le_whole(RULE, _cells(rows), [], _lines(rows))

    assert status != "fail"
    assert not [f for f in findings if f.status == "fail"]


def test_an_unread_row_that_no_check_needs_leaves_the_rule_passing() -> None:
    # 制发规范性文件总数 (4|341305, 43|41305 or 434|1305) is unread; it is no part and no parent.
    status, _, missing = check_flat("制发规范性文件总数条4341305(一)收到申请数件3441.当面申请数件1132.网络申请数件231")

    assert {m.row for m in missing} == {"制发规范性文件总数"}
    assert status == "pass"


def test_an_unread_part_stops_its_sum_and_names_the_row() -> None:
    # 2.网络申请数 reads 1|855 or 18|55; its total 3|41 cannot be checked, and is not passed.
    status, findings, missing = check_flat("(一)收到申请数件3411.当面申请数件1132.网络申请数件1855")

    assert {m.row for m in missing} == {"2.网络申请数"}
    assert status == "not_assessable"
    unread = next(f for f in findings if f.scope == "value")
    assert [(c["row"], c["line"]) for c in unread.cells] == [("2.网络申请数", 1)]


def test_an_unread_row_does_not_hide_a_failing_sum_elsewhere() -> None:
    # 办结 7 ≠ 3 + 2 fails whatever 收到's unread part reads.
    status, findings, _ = check_flat(
        "(一)收到申请数件3411.当面申请数件1132.网络申请数件1855(二)申请办结数件7101.按时办结数件352.延期办结数件25"
    )

    assert status == "fail"
    assert [f.scope for f in findings if f.status == "fail"] == ["(二)申请办结数"]


def test_an_unread_parent_stops_the_check_of_its_qizhong_row() -> None:
    # 1.按时办结数 reads 1|545 or 15|45; its 其中 row must not be held against (二) instead.
    status, findings, missing = check_flat("(二)申请办结数件2601.按时办结数件1545其中:当日办结件939")

    assert "1.按时办结数" in {m.row for m in missing}
    assert status == "not_assessable"
    assert not [f for f in findings if f.status == "fail"]


def test_a_sum_that_ends_the_file_may_be_cut_and_is_not_checked() -> None:
    # 答复 parts 1.–2. end the text: the file may have been cut before 3.–8.
    body = "(三)申请答复数件9301.属于已主动公开范围数件052.同意公开答复数件25"
    status, findings, _ = check_flat(body, tail="")

    assert status == "not_assessable"
    assert any("可能被截断" in f.message for f in findings)
    assert check_flat(body)[0] == "fail"  # with the table going on, 9 ≠ 0 + 2 is the agency's


@pytest.mark.parametrize(
    "tail",
    [
        "其中:涉",  # cut inside the next 其中 row's label
        "3.同意部分",  # cut inside the next numbered part's label
    ],
)
def test_a_file_cut_inside_the_next_rows_label_is_not_checked(tail: str) -> None:
    body = "(三)申请答复数件9301.属于已主动公开范围数件052.同意公开答复数件25"
    status, findings, _ = check_flat(body, tail=tail)

    assert status == "not_assessable"
    assert any("可能被截断" in f.message for f in findings)


def test_a_row_number_and_a_cut_label_on_the_last_line_is_a_cut_table() -> None:
    rows = [("(三)申请答复数", 9, 9), ("1.属于已主动公开范围数", 0, 0), ("2.同意公开答复数", 2, 2)]
    lines = [*_lines(rows)[:-1], "37\t3.告知作出更改补充"]
    status, _ = check_part_le_whole(RULE, _cells(rows), [], lines)

    assert status == "not_assessable"
    signed = [*_lines(rows)[:-1], "某某县人民政府办公室"]
    assert check_part_le_whole(RULE, _cells(rows), [], signed)[0] == "fail"  # 9 ≠ 0 + 2, signed: the agency's
