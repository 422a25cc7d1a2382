"""pipeline.legacy_sums: flattened pre-2019 rows settled by the form's part sums, and only by them."""

from pipeline.decode import normalise_line
from pipeline.legacy import read_legacy
from pipeline.legacy_sums import part_groups

HEAD = "指标名称计量单位2014年度历年累计"


def read_flat(body: str) -> tuple[dict[tuple[str, str], int | float | None], set[tuple[str, str]]]:
    raw = [HEAD + body]
    cells, missing = read_legacy([normalise_line(x) for x in raw], raw)
    got = {(c.row, c.col): c.value for c in cells if c.origin == "table"}
    return got, {(m.row, m.col) for m in missing}


def test_a_request_total_is_settled_by_its_parts() -> None:
    # 329 reads 3|29 or 32|9; the parts read 0, 0, 0 and 3 (333: 33|3 would exceed its 历年累计).
    got, missing = read_flat("(一)收到申请数件3291.当面申请数件0212.传真申请数件0223.网络申请数件0234.信函申请数件333")

    assert (got[("(一)收到申请数", "value")], got[("(一)收到申请数", "cumulative")]) == (3, 29)
    assert not missing


def test_a_total_and_a_part_that_each_read_two_ways_are_settled_together() -> None:
    # total 1|790 or 17|90, part 1|545 or 15|45, other part 2|8: only 17 = 15 + 2 holds.
    got, missing = read_flat("(二)申请办结数件17901.按时办结数件15452.延期办结数件28")

    assert got[("(二)申请办结数", "value")] == 17
    assert (got[("1.按时办结数", "value")], got[("1.按时办结数", "cumulative")]) == (15, 45)
    assert not missing


def test_two_balancing_combinations_settle_nothing() -> None:
    # total 3 or 36, parts 1 or 15 and 2 or 21: both 3 = 1 + 2 and 36 = 15 + 21 hold.
    got, missing = read_flat("(二)申请办结数件36401.按时办结数件15452.延期办结数件2168")

    assert ("(二)申请办结数", "value") not in got
    assert ("(二)申请办结数", "value") in missing
    assert ("1.按时办结数", "value") in missing


def test_a_sum_that_balances_two_ways_leaves_the_other_sums_settled() -> None:
    # 办结 balances two ways (above); 行政复议 only as 23 = 1 + 15 + 7 and 40 = 7 + 26 + 7.
    got, missing = read_flat(
        "(二)申请办结数件36401.按时办结数件15452.延期办结数件2168"
        "四、行政复议数量件2340(一)维持具体行政行为数件17(二)被依法纠错数件1526(三)其它情形数件77"
    )

    assert (got[("四、行政复议数量", "value")], got[("(二)被依法纠错数", "value")]) == (23, 15)
    assert ("(二)申请办结数", "value") in missing


def test_the_running_totals_decide_what_the_year_figures_leave_open() -> None:
    # As above, 3 = 1 + 2 and 36 = 15 + 21; but only 113 = 45 + 68 in 历年累计 (6113 ≠ 545 + 168).
    got, missing = read_flat("(二)申请办结数件361131.按时办结数件15452.延期办结数件2168")

    assert (got[("(二)申请办结数", "value")], got[("(二)申请办结数", "cumulative")]) == (36, 113)
    assert (got[("2.延期办结数", "value")], got[("2.延期办结数", "cumulative")]) == (21, 68)
    assert not missing


def test_a_breakdown_by_channel_is_not_a_sum() -> None:
    # 425 = 418 + 7 would settle it, but one item published on two channels counts on both.
    got, missing = read_flat("主动公开信息数条4251516其中:1.网站公开条41815092.政府公报公开条77")

    assert ("主动公开信息数", "value") in missing
    assert ("主动公开信息数", "value") not in got


def test_part_groups_need_numbered_parts_right_below_a_sum_total() -> None:
    rows = [
        "(一)收到申请数", "1.当面申请数", "2.网络申请数",  # a total and its parts
        "(二)申请办结数", "1.按时办结数", "其中:当日办结", "2.延期办结数",  # a 其中 row inside a part
        "受理依申请公开信息总数", "其中:1.当面申请数#2", "2.传真申请数",  # an unnumbered total says 其中
        "对申请的答复数", "1.同意公开答复数", "2.不同意公开答复数",  # unnumbered, no 其中: no group
        "七、依申请公开信息收取的费用", "(一)政府信息公开工作专门机构数", "(二)设置查阅点数",  # not a sum total
        "四、行政复议数量", "(一)维持具体行政行为数", "(二)被依法纠错数", "(三)其它情形数",
        "(三)从事政府信息公开人员数", "1.专职人员数", "3.兼职人员数",  # numbering skips: one part only
    ]  # fmt: skip

    assert part_groups(rows) == [(0, [1, 2]), (3, [4, 6]), (7, [8, 9]), (16, [17, 18, 19])]
