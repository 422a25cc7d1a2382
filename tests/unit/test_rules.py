"""pipeline.rules.evaluate through parse_bytes: every within-report rule passes and fails."""

from typing import Any

import pytest

from pipeline import spec
from pipeline.catalogue import load_catalogue, rules_by_id
from pipeline.model import Cell, Finding, Report
from pipeline.parse import parse_bytes
from pipeline.rules import CROSS_REPORT_PREFIX, EVALUATORS, facts, within_report_rules
from tests.unit.fixtures import LEGACY, line_of, render_report, t3_values

WITHIN = {r.id for r in load_catalogue() if not r.id.startswith("cross_year.")}


def parse(text: str) -> Report:
    return parse_bytes(text.encode("utf-8"), "report.txt")


def failed(report: Report, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule and f.status == "fail"]


def test_every_non_cross_year_rule_has_exactly_one_evaluator() -> None:
    identity = {r.id for r in load_catalogue() if r.identity is not None}

    assert {r.id for r in within_report_rules()} == WITHIN
    assert set(EVALUATORS) | identity == WITHIN
    assert not set(EVALUATORS) & identity  # an identity rule is evaluated from its catalogue data
    assert all(r.startswith(CROSS_REPORT_PREFIX) for r in set(rules_by_id()) - WITHIN)


def test_the_cell_index_is_built_once_per_report() -> None:
    # Every rule asks for it; compiled, a cached_property rebuilt it on each call (6x a report).
    cells = [Cell("t4", "review", "total", 3, "3", 7)]
    report_facts = facts("某县", 2022, "gov2021", [], cells, [], [], [])

    assert report_facts.index() is report_facts.index()
    assert report_facts.index() == {("t4", "review", "total"): cells[0]}


def test_consistent_report_passes_every_rule() -> None:
    report = parse(render_report())

    assert (report.status, report.reason) == ("parsed", "")
    assert set(report.rule_results) == WITHIN
    assert report.rule_results == {r: "pass" for r in WITHIN} | {"legacy.part_le_whole": "not_assessable"}
    assert {f.rule for f in report.findings} == {"legacy.part_le_whole"}
    assert [f.status for f in report.findings] == ["not_assessable"]


# rule id -> (render_report overrides, scope, expected, actual) of the one failing finding checked
FAILS: dict[str, tuple[dict[str, Any], str, float | None, float | None]] = {
    "t3.row_total": ({"t3": t3_values(granted=[3, 1, 0, 0, 0, 0, 5])}, "granted", 4, 5),
    "t3.results_sum": ({"t3": t3_values(partially_granted=[2, 0, 0, 0, 0, 0, 2])}, "natural_person", 6, 5),
    "t3.balance": ({"t3": t3_values(carried_out=[2, 0, 0, 0, 0, 0, 2])}, "natural_person", 7, 6),
    "t4.group_total": ({"t4": [1, 1, 0, 0, 3] + [0, 0, 0, 1, 1] + [0] * 5}, "review", 2, 3),
    "cells.non_negative_integer": ({"t2": {"licensing": [-3]}}, "licensing/decisions", None, -3),
    "t2.issued_le_in_force_plus_repealed": ({"t2": {"normative_docs": [9, 1, 5]}}, "normative_docs", 6, 9),
    "t2.fee_unit": ({"agency": "某县", "t2": {"admin_fees": [251000]}}, "admin_fees", 100000, 251000),
    "t2.regulations_power": ({"agency": "某县", "t2": {"regulations": [2, 0, 2]}}, "regulations", 0, 2),
    "narrative.matches_tables": ({"prose": "本年度共受理政府信息公开申请9件。"}, "received", 6, 9),
    "format.era_matches_year": ({"year": 2020}, "gov2021", None, None),
    "structure.sections_present": ({"drop_sections": ["other_matters"]}, "other_matters", 6, 5),
    "structure.table_complete": ({"drop_rows": ["denied.query_matter"]}, "t3", None, None),
}


def test_the_fail_cases_cover_every_post2019_rule() -> None:
    assert set(FAILS) == WITHIN - {"legacy.part_le_whole"}


@pytest.mark.parametrize("rule", sorted(FAILS))
def test_rule_fails(rule: str) -> None:
    overrides, scope, expected, actual = FAILS[rule]

    report = parse(render_report(**overrides))

    assert report.rule_results[rule] == "fail"
    finding = next(f for f in failed(report, rule) if f.scope == scope)
    assert finding.severity == rules_by_id()[rule].severity
    assert (finding.expected, finding.actual) == (expected, actual)
    assert finding.message
    if rule not in {"format.era_matches_year", "structure.sections_present", "structure.table_complete"}:
        assert finding.cells  # evidence: the cells (or prose) the finding is about ...
        assert all(isinstance(c["line"], int) for c in finding.cells)  # ... each at its source line


@pytest.mark.parametrize("rule", sorted(FAILS))
def test_the_same_rule_passes_on_the_consistent_report(rule: str) -> None:
    assert parse(render_report()).rule_results[rule] == "pass"


def test_identity_failure_evidence_points_at_the_printed_rows() -> None:
    text = render_report(t3=t3_values(carried_out=[2, 0, 0, 0, 0, 0, 2]))

    finding = next(f for f in failed(parse(text), "t3.balance") if f.scope == "natural_person")

    assert [(c["row"], c["value"], c["line"]) for c in finding.cells] == [
        ("new_received", 5, line_of(text, "一、本年新收")),
        ("carried_in", 1, line_of(text, "二、上年结转")),
        ("total_handled", 5, line_of(text, "（七）总计")),
        ("carried_out", 2, line_of(text, "四、结转下年度")),
    ]
    assert "相差 -1" in finding.message


def test_narrative_evidence_is_the_sentence_and_the_cell() -> None:
    text = render_report(prose="本年度共受理政府信息公开申请9件。")

    finding = failed(parse(text), "narrative.matches_tables")[0]

    assert finding.cells[0]["table"] == "prose"
    assert finding.cells[0]["line"] == line_of(text, "共受理")
    assert (finding.cells[1]["row"], finding.cells[1]["line"]) == ("new_received", line_of(text, "一、本年新收"))


@pytest.mark.parametrize(
    "prose",
    [
        "全年共收到申请7件。",  # new + carried in
        "予以公开4件，部分公开1件，无法提供1件，上一年度结转1件。",
        "被申请行政复议2件，行政诉讼1件。",
    ],
)
def test_narrative_readings_that_match(prose: str) -> None:
    assert parse(render_report(prose=prose)).rule_results["narrative.matches_tables"] == "pass"


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"fee_header": "本年收费金额（单位：元）"}, "元"),
        ({"t2": {"admin_fees": ["1.123456"]}}, "6 位小数"),
    ],
)
def test_fee_unit_other_failures(overrides: dict[str, Any], problem: str) -> None:
    finding = failed(parse(render_report(**overrides)), "t2.fee_unit")[0]

    assert problem in finding.message
    assert finding.cells[0]["row"] == "admin_fees"


def test_regulations_by_a_city_are_not_flagged() -> None:
    report = parse(render_report(agency="某市", t2={"regulations": [2, 0, 2]}))

    assert report.rule_results["t2.regulations_power"] == "pass"


@pytest.mark.parametrize(
    ("overrides", "rule", "scope"),
    [
        ({"t4": [1, 1, 0, 0, None] + [0, 0, 0, 1, 1] + [0] * 5}, "t4.group_total", "review"),
        ({"t3": t3_values(granted=[3, 1, 0, 0, 0, None, 4])}, "t3.row_total", "granted"),
        ({"t3": t3_values(carried_in=[None] * 7)}, "t3.balance", ",".join(spec.t3_cols())),
        ({"t2": {"normative_docs": [1, "—", 5]}}, "t2.issued_le_in_force_plus_repealed", None),
        ({"prose": "工作稳步推进。"}, "narrative.matches_tables", ""),
    ],
)
def test_blank_input_cell_is_not_assessable(overrides: dict[str, Any], rule: str, scope: str | None) -> None:
    report = parse(render_report(**overrides))

    assert report.rule_results[rule] == "not_assessable"
    assert failed(report, rule) == []
    if scope:
        assert [f.scope for f in report.findings if f.rule == rule] == [scope]


def test_unknown_year_makes_the_era_rule_not_assessable() -> None:
    report = parse(render_report().replace("某市2022年", "某市"))

    assert report.year is None
    assert report.rule_results["format.era_matches_year"] == "not_assessable"
    assert report.status == "partial"
    assert "report year not found" in report.reason


def test_legacy_part_le_whole_passes() -> None:
    report = parse(LEGACY)

    assert report.era == "pre2019"
    assert report.rule_results["legacy.part_le_whole"] == "pass"
    assert report.rule_results["format.era_matches_year"] == "pass"


@pytest.mark.parametrize(
    ("edit", "scope", "expected", "actual"),
    [
        (("主动公开规范性文件数\t条\t10", "主动公开规范性文件数\t条\t200"), "其中:主动公开规范性文件数", 120, 200),
        (("2.网络申请数\t件\t5", "2.网络申请数\t件\t6"), "(一)收到申请数", 10, 9),
    ],
)
def test_legacy_part_le_whole_fails(edit: tuple[str, str], scope: str, expected: int, actual: int) -> None:
    text = LEGACY.replace(*edit)

    report = parse(text)

    assert report.rule_results["legacy.part_le_whole"] == "fail"
    finding = next(f for f in failed(report, "legacy.part_le_whole") if f.scope == scope)
    assert (finding.severity, finding.expected, finding.actual) == ("warning", expected, actual)
    assert all(isinstance(c["line"], int) for c in finding.cells)


def test_post2019_rules_do_not_apply_to_a_pre2019_report() -> None:
    report = parse(LEGACY)

    for rule in ("t3.row_total", "t4.group_total", "structure.sections_present", "structure.table_complete"):
        assert report.rule_results[rule] == "not_assessable"
    assert report.status == "parsed"


def test_table_complete_evidence_lists_the_missing_cells() -> None:
    report = parse(render_report(drop_rows=["denied.query_matter"]))

    finding = failed(report, "structure.table_complete")[0]

    assert report.status == "partial"
    assert {c["row"] for c in finding.cells} == {"denied.query_matter"}
    assert {c["missing"] for c in finding.cells} == {"row label not found"}
    assert len(finding.cells) == 7
