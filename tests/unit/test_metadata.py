"""pipeline.metadata: report year, agency and format era."""

import pytest

from pipeline.metadata import detect_agency, detect_era, detect_year, era_for_year


def test_year_from_the_title() -> None:
    lines = ["某县2019年政府信息公开工作年度报告", "2018年、2018年、2018年的工作回顾"]

    assert detect_year(lines) == 2019


def test_year_from_a_title_with_年度_and_a_prefix() -> None:
    assert detect_year(["标题：昆都仑区人民政府关于2021年度政府信息公开工作年度报告", "2020年2020年"]) == 2021


def test_year_from_a_title_under_an_agency_line() -> None:
    assert detect_year(["某区人民政府", "2021年度政府信息公开工作年度报告", "2020年2020年2020年"]) == 2021


def test_year_falls_back_to_the_most_cited_year() -> None:
    lines = ["工作总结", "2020年完成……", "2020年开展……", "2019年以来……"]

    assert detect_year(lines) == 2020


def test_year_ignores_implausible_years_and_may_be_unknown() -> None:
    assert detect_year(["没有年份的文字"]) is None
    assert detect_year(["报告", "2999年2999年", "2016年"], max_year=2100) == 2016


def test_year_from_a_title_on_two_lines_when_the_body_agrees() -> None:
    lines = ["康巴什区2022年政府信息公开", "工作年度报告", "2022年，我区……"]

    assert detect_year(lines) == 2022


def test_year_from_a_title_on_two_lines_wins_over_the_body() -> None:
    lines = ["康巴什区2022年政府信息公开", "工作年度报告", "2021年以来……", "与2021年相比……", "2021年同期……"]

    assert detect_year(lines) == 2022


@pytest.mark.parametrize(
    ("lines", "year", "agency"),
    [
        (["康巴什区2022年政府信息公开", "工作年度报告"], 2022, "康巴什区"),
        (["昆都仑区人民政府 关于2021年度政府信息公开工作年度报告"], 2021, "昆都仑区"),
        (["昆都仑区人民政府", "2021年度政府信息公开工作年度报告"], 2021, "昆都仑区"),
        (["2021年度鄂尔多斯市政府信息公开工作年度报告"], 2021, "鄂尔多斯市"),
        (["《某县2020年政府信息公开工作年度报告》"], 2020, "某县"),
        (["某市人民政府办公室2022年政府信息公开工作年度报告"], 2022, "某市"),
    ],
)
def test_agency_from_the_title(lines: list[str], year: int, agency: str) -> None:
    assert detect_agency(lines, year) == agency


@pytest.mark.parametrize(
    "title",
    [
        "某市人民政府关于公布2022年度政府信息公开工作年度报告",
        "某市人民政府办公室关于印发2022年政府信息公开工作年度报告的通知",
    ],
    ids=["guanyu-gongbu", "guanyu-yinfa"],
)
def test_agency_before_an_issuing_phrase(title: str) -> None:
    assert detect_agency([title], 2022) == "某市"


def test_agency_from_a_publisher_line_without_a_year() -> None:
    lines = ["政府信息公开工作年度报告", "某市统计局", "正文"]

    assert detect_agency(lines, None) == "某市统计局"


def test_agency_unknown() -> None:
    assert detect_agency(["政府信息公开工作年度报告", "正文没有机关名称。"], None) is None


def test_era_gov2019_labels_in_a_2022_report() -> None:
    lines = ["规章\t本年新制作数量\t本年新公开数量\t对外公开总数量", "行政许可\t上一年项目数量\t本年增/减"]

    assert detect_era(lines, 2022) == "gov2019"


def test_era_gov2021_labels_in_a_2020_report() -> None:
    lines = ["信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "行政事业性收费\t本年收费金额（单位：万元）"]

    assert detect_era(lines, 2020) == "gov2021"


def test_era_from_t3_labels_only_follows_the_year() -> None:
    lines = ["一、本年新收政府信息公开申请数量\t5"]

    assert detect_era(lines, 2020) == "gov2019"
    assert detect_era(lines, 2022) == "gov2021"


@pytest.mark.parametrize(
    ("year", "era"), [(2017, "pre2019"), (2019, "gov2019"), (2020, "gov2019"), (2021, "gov2021"), (None, "gov2021")]
)
def test_era_without_labels_follows_the_year(year: int | None, era: str) -> None:
    assert detect_era(["正文没有表格标签。"], year) == era
    assert era_for_year(year) == era


@pytest.mark.parametrize(
    ("lines", "agency"),
    [
        (["根据《条例》的有关规定，现向社会公布2021年石家庄市教育局政府信息公开工作年度报告。"], "石家庄市教育局"),
        (["本报告由南平市人民政府信息公开工作领导小组办公室根据《条例》编制。"], "南平市"),
        (
            [
                "关于2022年度政府信息公开情况的报告",
                "一、总体情况",
                "2022年，二道区房屋征收工作管理办公室认真贯彻落实《条例》",
            ],
            "二道区房屋征收工作管理办公室",
        ),
        (["一、总体情况", "2019年，我乡明确专人负责政务公开工作"], None),
    ],
)
def test_agency_from_the_opening_sentences(lines: list[str], agency: str | None) -> None:
    assert detect_agency(lines, detect_year(lines)) == agency


@pytest.mark.parametrize(
    "crumb",
    [
        "当前位置：首页 > 政务公开 > 政府信息公开年报 > 2022年度",
        "您现在的位置：首页 » 信息公开 » 年报",
        "当前位置： 首页政务公开政府信息公开政府信息公开年报 2022年度",
        "首页 > 政务公开 > 政府信息公开年报 > 2022年度",
    ],
)
def test_breadcrumb_above_the_title_is_not_the_agency(crumb: str) -> None:
    lines = [crumb, "某市统计局关于2022年度政府信息公开工作年度报告", "正文"]

    assert detect_year(lines) == 2022
    assert detect_agency(lines, 2022) == "某市统计局"


def test_year_in_a_breadcrumb_is_not_the_report_year() -> None:
    lines = ["当前位置：首页 > 政府信息公开年报 > 2023年", "某县2022年政府信息公开工作年度报告", "2023年2023年"]

    assert detect_year(lines) == 2022


def test_breadcrumb_without_a_title_gives_no_agency() -> None:
    lines = ["当前位置：首页 > 政务公开 > 政府信息公开年报 > 2022年度", "一、总体情况", "正文没有机关名称。"]

    assert detect_agency(lines, 2022) is None


def test_a_column_name_before_the_year_is_not_an_agency() -> None:
    assert detect_agency(["政府信息公开年报2022年度政府信息公开工作年度报告"], 2022) is None


@pytest.mark.parametrize(
    "lines",
    [
        ["本报告由市政府办公厅编制。"],  # 市 of which city?
        ["市合作交流办2022年政府信息公开工作年度报告"],
        ["2022年度政府信息公开工作年度报告", "市政府办公室"],
    ],
)
def test_a_name_without_its_place_is_no_agency(lines: list[str]) -> None:
    assert detect_agency(lines, detect_year(lines)) is None


def test_era_detection_keeps_whole_pages_out_of_the_label_cache() -> None:
    # The label cache is bounded by entries, not bytes: one page per report filled it with
    # a year of texts (about 230 MB for 9,000 reports).
    from pipeline.tokens import compact

    page = [f"第{i}行 本年新收政府信息公开申请数量" for i in range(200)]
    before = compact.cache_info().currsize

    detect_era(page, 2022)

    assert compact.cache_info().currsize == before
