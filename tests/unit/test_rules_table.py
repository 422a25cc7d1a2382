"""pipeline.rules_table: the non-identity rules called directly on a few cells."""

import pytest

from pipeline.catalogue import rules_by_id
from pipeline.evidence import index_cells
from pipeline.model import Cell, Missing
from pipeline.rules_table import (
    agency_level,
    check_complete,
    check_era,
    check_fee_unit,
    check_issued,
    check_regulations_power,
    check_sections,
    check_value_types,
)

RULES = rules_by_id()


def fee(value: float, raw: str, unit: str | None = "万元") -> dict[tuple[str, str, str], Cell]:
    return index_cells([Cell("t2", "admin_fees", "amount_wan_yuan", value, raw, 18, unit)])


def regulations(issued: int | None) -> dict[tuple[str, str, str], Cell]:
    return index_cells([Cell("t2", "regulations", "issued", issued, str(issued or ""), 7)])


@pytest.mark.parametrize(
    ("agency", "level"),
    [
        ("康巴什区", "county"),
        ("某县", "county"),
        ("某旗", "county"),
        ("某镇", "county"),
        ("鄂尔多斯市", "city"),
        ("某自治州", "city"),
        ("锡林郭勒盟", "city"),
        ("某省", "province"),
        ("某市统计局", "city"),
        (None, None),
        ("国家统计局", None),
    ],
)
def test_agency_level(agency: str | None, level: str | None) -> None:
    assert agency_level(agency) == level


def test_autonomous_region_is_a_province() -> None:
    assert agency_level("内蒙古自治区") == "province"


def test_autonomous_region_may_issue_regulations() -> None:
    status, _ = check_regulations_power(RULES["t2.regulations_power"], "内蒙古自治区", regulations(3))

    assert status == "pass"


def test_regulations_power() -> None:
    rule = RULES["t2.regulations_power"]

    assert check_regulations_power(rule, "某县", regulations(0))[0] == "pass"
    assert check_regulations_power(rule, "某市", regulations(2))[0] == "pass"
    assert check_regulations_power(rule, None, regulations(2))[0] == "not_assessable"
    assert check_regulations_power(rule, "某县", regulations(None))[0] == "not_assessable"
    status, findings = check_regulations_power(rule, "某街道", regulations(1))
    assert status == "fail"
    assert (findings[0].severity, findings[0].cells[0]["line"]) == ("info", 7)


@pytest.mark.parametrize(
    ("agency", "cells", "status"),
    [
        ("某县", fee(99999.5, "99999.5"), "pass"),
        ("某县", fee(100000.5, "100000.5"), "fail"),
        ("某市", fee(100000.5, "100000.5"), "pass"),
        ("某市", fee(1.5, "1.5", "元"), "fail"),
        ("某市", fee(1.12345, "1.12345"), "fail"),
        ("某市", fee(1.1234, "1.1234"), "pass"),
        (None, fee(5e9, "5000000000"), "pass"),  # no level, no bound
    ],
)
def test_fee_unit(agency: str | None, cells: dict[tuple[str, str, str], Cell], status: str) -> None:
    assert check_fee_unit(RULES["t2.fee_unit"], agency, cells)[0] == status


def test_fee_unit_without_the_cell() -> None:
    assert check_fee_unit(RULES["t2.fee_unit"], "某县", {})[0] == "not_assessable"


def test_issued_only_for_gov2021() -> None:
    rule = RULES["t2.issued_le_in_force_plus_repealed"]
    cells = index_cells(
        [
            Cell("t2", "regulations", "issued", 0, "0", 7),
            Cell("t2", "regulations", "repealed", 0, "0", 7),
            Cell("t2", "regulations", "in_force", 0, "0", 7),
            Cell("t2", "normative_docs", "issued", 3, "3", 8),
            Cell("t2", "normative_docs", "repealed", 1, "1", 8),
            Cell("t2", "normative_docs", "in_force", 2, "2", 8),
        ]
    )

    assert check_issued(rule, "gov2021", cells)[0] == "pass"  # 3 <= 2 + 1
    assert check_issued(rule, "gov2019", cells)[0] == "not_assessable"


def test_value_types() -> None:
    rule = RULES["cells.non_negative_integer"]
    good = [
        Cell("t3", "granted", "total", 4, "4", 1),
        Cell("t2", "licensing", "change", -3, "-3", 2),  # gov2019 change is signed
        Cell("t2", "procurement", "amount", 345.6, "345.6", 3),
        Cell("t4", "cases", "review.total", None, "", 4),
        Cell("legacy", "x", "value", -1, "-1", 5),  # legacy cells are not this rule's
    ]

    assert check_value_types(rule, good) == ("pass", [])
    status, findings = check_value_types(rule, [*good, Cell("t3", "granted", "commercial", 1.5, "1.5", 9)])
    assert status == "fail"
    assert [(f.scope, f.actual, f.cells[0]["line"]) for f in findings] == [("granted/commercial", 1.5, 9)]
    assert check_value_types(rule, [])[0] == "not_assessable"


def test_era_and_structure_rules() -> None:
    assert check_era(RULES["format.era_matches_year"], "gov2019", 2020)[0] == "pass"
    assert check_era(RULES["format.era_matches_year"], "gov2019", 2022)[0] == "fail"
    sections = RULES["structure.sections_present"]
    assert check_sections(sections, "pre2019", [])[0] == "not_assessable"
    assert check_sections(sections, "gov2019", ["overview"])[1][0].actual == 1
    complete = RULES["structure.table_complete"]
    status, findings = check_complete(complete, "gov2021", [Missing("t4", "cases", "review.total", "why", 12)])
    assert status == "fail"
    evidence = {"table": "t4", "row": "cases", "col": "review.total", "value": None, "raw": ""}
    assert findings[0].cells == ({**evidence, "line": 12, "missing": "why"},)
