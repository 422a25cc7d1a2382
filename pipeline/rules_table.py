"""Within-report rules over cell values and structure: t2 rules, value types, completeness."""

from typing import Final

from pipeline import spec
from pipeline.catalogue import Rule
from pipeline.evidence import CellIndex, evidence, finding, fmt, missing_evidence, overall
from pipeline.metadata import era_for_year
from pipeline.model import Cell, Finding, Missing, RuleStatus
from pipeline.numbers import decimals

Result = tuple[RuleStatus, list[Finding]]
_AMOUNT_COLS: Final = {"amount_wan_yuan", "amount"}
_SIGNED_COLS: Final = {"change"}
POST2019: Final = ("gov2021", "gov2019")
_MUNICIPALITIES: Final = {"北京市", "天津市", "上海市", "重庆市"}
_LEVEL_ZH: Final = {"county": "县区级", "city": "地市级", "province": "省级"}


def not_applicable(rule: Rule, why: str) -> Result:
    """Return not_assessable with the reason the rule does not apply to this report."""
    return "not_assessable", [finding(rule, "not_assessable", why)]


def check_value_types(rule: Rule, cells: list[Cell]) -> Result:
    """cells.non_negative_integer: counts are integers >= 0, amounts >= 0, 2019 changes signed."""
    stated = [c for c in cells if c.table in ("t2", "t3", "t4") and c.value is not None]
    if not stated:
        return not_applicable(rule, "表二至表四没有可核验的数字")
    bad: list[Finding] = []
    for c in stated:
        v = float(c.value or 0)
        if c.col in _AMOUNT_COLS:
            ok = v >= 0
        elif c.col in _SIGNED_COLS:
            ok = v.is_integer()
        else:
            ok = v >= 0 and v.is_integer()
        if not ok:
            bad.append(
                finding(
                    rule,
                    "fail",
                    f"{c.table} {c.row}/{c.col} 的值 {c.raw} 不是非负整数",
                    None,
                    v,
                    [evidence(c)],
                    f"{c.row}/{c.col}",
                )
            )
    return ("fail" if bad else "pass"), bad


def check_issued(rule: Rule, era: str, cells: CellIndex) -> Result:
    """t2.issued_le_in_force_plus_repealed for regulations and normative documents (gov2021)."""
    if era != "gov2021":
        return not_applicable(rule, f"仅适用于2021版格式（本报告为 {era}）")
    statuses: list[RuleStatus] = []
    out: list[Finding] = []
    for row in ("regulations", "normative_docs"):
        trio = [cells.get(("t2", row, col)) for col in ("issued", "repealed", "in_force")]
        if any(c is None or c.value is None for c in trio):
            statuses.append("not_assessable")
            continue
        issued, repealed, in_force = (float(c.value or 0) for c in trio if c is not None)
        if issued <= in_force + repealed:
            statuses.append("pass")
            continue
        statuses.append("fail")
        msg = f"[{row}] 本年制发 {fmt(issued)} 件，多于现行有效 {fmt(in_force)} + 本年废止 {fmt(repealed)}"
        out.append(finding(rule, "fail", msg, in_force + repealed, issued, [evidence(c) for c in trio if c], row))
    return overall(statuses), out


def agency_level(agency: str | None) -> str | None:
    """Return county, city or province from an agency's name, or None if it can't tell."""
    if not agency:
        return None
    # 自治区 ends in 区 like a district: the province test must come first.
    if agency.endswith(("省", "自治区")) or agency in _MUNICIPALITIES:
        return "province"
    if any(s in agency for s in ("区", "县", "旗", "乡", "镇", "街道")):
        return "county"
    if any(s in agency for s in ("市", "州", "盟")):
        return "city"
    if any(s in agency for s in ("省", "自治区")):
        return "province"
    return None


def check_fee_unit(rule: Rule, agency: str | None, cells: CellIndex) -> Result:
    """t2.fee_unit: a literal 元, too many decimals, or an implausible magnitude in 万元."""
    c = cells.get(("t2", "admin_fees", "amount_wan_yuan"))
    if c is None or c.value is None:
        return not_applicable(rule, "行政事业性收费金额缺失或为空")
    params = rule.params or {}
    problems = []
    if c.unit == "元":
        problems.append("表头单位印为“元”，格式要求为万元")
    if decimals(c.raw) > int(params.get("max_decimals", 4)):
        problems.append(f"{decimals(c.raw)} 位小数（以万元计最多 4 位）")
    level = agency_level(agency)
    bound = params.get("max_wan_yuan", {}).get(level) if level else None
    if level is not None and bound is not None and float(c.value) > bound:
        problems.append(
            f"{fmt(c.value)} 万元 ≈ {float(c.value) / 1e4:.1f} 亿元，"
            f"超出{_LEVEL_ZH[level]}机关的合理范围（{bound} 万元），疑为以元填报"
        )
    if not problems:
        return "pass", []
    return "fail", [
        finding(
            rule,
            "fail",
            "行政事业性收费金额：" + "；".join(problems),
            bound,
            float(c.value),
            [evidence(c)],
            "admin_fees",
        )
    ]


def check_regulations_power(rule: Rule, agency: str | None, cells: CellIndex) -> Result:
    """t2.regulations_power: bodies below 设区的市 make no 规章."""
    c = cells.get(("t2", "regulations", "issued"))
    if c is None or c.value is None:
        return not_applicable(rule, "规章本年制发件数缺失或为空")
    if not c.value:
        return "pass", []
    if agency is None:
        return not_applicable(rule, "未识别出机关名称")
    params = rule.params or {}
    suffixes = params.get("no_power_suffixes", [])
    powered = params.get("power_suffixes", [])
    if any(agency.endswith(s) for s in suffixes) and not any(agency.endswith(s) for s in powered):
        msg = f"{agency} 本年制发规章 {fmt(c.value)} 件，但该级机关无规章制定权"
        return "fail", [finding(rule, "fail", msg, 0, float(c.value), [evidence(c)], "regulations")]
    return "pass", []


def check_era(rule: Rule, era: str, year: int | None) -> Result:
    """format.era_matches_year: the detected format against the one the year implies."""
    if year is None:
        return not_applicable(rule, "未识别出报告年度")
    implied = era_for_year(year)
    if implied == era:
        return "pass", []
    return "fail", [finding(rule, "fail", f"{year} 年度报告应使用 {implied} 格式，识别为 {era}", scope=era)]


def check_sections(rule: Rule, era: str, found: list[str]) -> Result:
    """structure.sections_present: the six sections of the post-2019 formats."""
    if era not in POST2019:
        return not_applicable(rule, "2019年以前的报告没有统一的六部分格式")
    absent = [s["code"] for s in spec.section_defs() if s["code"] not in found]
    if not absent:
        return "pass", []
    return "fail", [
        finding(rule, "fail", f"未找到以下部分: {', '.join(absent)}", 6, 6 - len(absent), scope=",".join(absent))
    ]


def check_complete(rule: Rule, era: str, missing: list[Missing]) -> Result:
    """structure.table_complete: every cell of the era's t2, t3 and t4 grids was read."""
    if era not in POST2019:
        return not_applicable(rule, "2019年以前的报告没有统一表格")
    if not missing:
        return "pass", []
    tables = sorted({m.table for m in missing})
    msg = f"{len(missing)} 个单元格未能可靠读取（{', '.join(tables)}）：{missing[0].reason}"
    return "fail", [
        finding(rule, "fail", msg, None, None, [missing_evidence(m) for m in missing[:25]], ",".join(tables))
    ]
