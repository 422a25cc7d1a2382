"""Statuses, Chinese messages and evidence of the cross-year rules, from the rows the SQL returns.

Pure functions over dicts (rows of warehouse/cross_year/{pairs,roll_diffs,copy_paste}.sql):
the warehouse decides what to compare, this module what to tell the agency or auditor.
A finding here is a dict with status, scope, message and optionally expected, actual, cells.
"""

from typing import Any, cast

from pipeline import spec
from pipeline.evidence import fmt, overall
from pipeline.model import RuleStatus
from pipeline.rules_table import POST2019

Row = dict[str, Any]
Outcome = tuple[RuleStatus, list[Row]]
NOT_ASSESSABLE: RuleStatus = "not_assessable"
# A copied table shows in its non-zero cells; the evidence lists this many of them.
MAX_COPY_EVIDENCE = 25


def not_matched_message(pair: Row, year: int) -> str:
    """Say why a report has no N-1 report to compare with: unmatched, no previous, ambiguous."""
    prev = year - 1
    if pair["match"] == "unmatched":
        name = pair["agency"] or "（未识别出机关名称）"
        return f"机关名称无法识别（unmatched）：「{name}」，无法与{prev}年度报告匹配，跨年度规则未核验"
    if pair["match"] == "ambiguous":
        return (
            f"{prev}年度有 {pair['n_prev']} 份同一机关（{pair['agency_key']}）的报告，"
            "无法确定与哪一份比较，跨年度规则未核验"
        )
    note = f"；{prev}年度另有 {pair['n_prev_unmatched']} 份报告机关名称无法识别" if pair["n_prev_unmatched"] else ""
    return f"未找到该机关（{pair['agency_key']}）{prev}年度的报告（no previous report），无法跨年度核对{note}"


def roll_outcome(rule_id: str, pair: Row, rows: list[Row], year: int) -> Outcome:
    """Return the status and findings of carry_over or in_force_roll from its roll_diffs rows."""
    why = roll_not_applicable(rule_id, pair, year)
    if why is not None or not rows:
        return NOT_ASSESSABLE, [_na(why or "没有可比较的单元格")]
    found: list[Row] = []
    blank_scopes: list[str] = []
    blank_cells: list[Row] = []
    for row in rows:
        cells = [_cell(e, year) for e in row["evidence"] or []]
        if row["status"] == "fail":
            explain = _carry_over_message if rule_id == "cross_year.carry_over" else _in_force_message
            found.append(
                {
                    "status": "fail",
                    "scope": row["scope"],
                    "message": explain(row, {c["term"]: c for c in cells}, pair, year),
                    "expected": row["rhs"],
                    "actual": row["lhs"],
                    "cells": cells,
                }
            )
        elif row["status"] == NOT_ASSESSABLE:
            blank_scopes.append(row["scope"])
            blank_cells.extend(c for c in cells if c["value"] is None)
    if blank_scopes:
        message = f"无法核验（单元格缺失或为空）: {', '.join(blank_scopes)}"
        found.append({**_na(message), "scope": ",".join(blank_scopes), "cells": blank_cells})
    return overall(cast(RuleStatus, row["status"]) for row in rows), found


def copy_paste_outcome(pair: Row, row: Row | None, year: int) -> Outcome:
    """Return the status and findings of cross_year.copy_paste from its copy_paste row (None: no cells)."""
    prev = year - 1
    eras = (pair["era"], pair["prev_era"])
    if any(era not in POST2019 for era in eras):
        return NOT_ASSESSABLE, [
            _na(f"2019年以前的报告没有统一表格（{year}年 {eras[0]}，{prev}年 {eras[1]}），无法逐格比较")
        ]
    if eras[0] != eras[1]:
        return NOT_ASSESSABLE, [_na(f"两年报告格式不同（{year}年 {eras[0]}，{prev}年 {eras[1]}），表格无法逐格比较")]
    if pair["n_missing"] or pair["prev_n_missing"]:
        # A cell we could not read might be the one that changed: never call that a copy.
        return NOT_ASSESSABLE, [
            _na(
                f"两年表格不完整（{year}年 {pair['n_missing']} 格、{prev}年 {pair['prev_n_missing']} 格未能读取），"
                "无法判断是否照抄"
            )
        ]
    if row is None or not row["n_keys"]:
        return NOT_ASSESSABLE, [_na("两年报告均没有表二至表四的数值")]
    if row["n_same"] < row["n_keys"]:
        return "pass", []
    if not row["n_same_nonzero"]:
        # An agency with no requests, cases or documents prints all zeros every year: the
        # same table is then no evidence of copying.
        return NOT_ASSESSABLE, [
            _na(f"两年表二至表四的 {row['n_keys']} 个数值完全相同，但全为0或空，无法据此判断是否照抄")
        ]
    cells: list[Row] = []
    for e in row["evidence"][:MAX_COPY_EVIDENCE]:
        key = {"table": e["table"], "row": e["row"], "col": e["col"], "value": e["value"]}
        cells.append({"year": year, "report_id": pair["report_id"], **key, "raw": e["raw"], "line": e["line"]})
        cells.append(
            {"year": prev, "report_id": pair["prev_report_id"], **key, "raw": e["prev_raw"], "line": e["prev_line"]}
        )
    message = (
        f"表二至表四全部 {row['n_keys']} 个数值与{prev}年度报告（{pair['prev_agency']}）完全相同，"
        f"其中非零 {row['n_same_nonzero']} 个，疑为照抄上一年度报告。请核对本年度数据是否已更新。"
    )
    found = {"status": "fail", "scope": "t2,t3,t4", "message": message, "actual": float(row["n_same"]), "cells": cells}
    return "fail", [found]


def roll_not_applicable(rule_id: str, pair: Row, year: int) -> str | None:
    """Return why carry_over or in_force_roll cannot apply to the pair's two formats (None: it can)."""
    eras = (pair["era"], pair["prev_era"])
    if rule_id == "cross_year.carry_over" and any(era not in POST2019 for era in eras):
        return f"表三仅见于2019年以后的格式（{year}年 {eras[0]}，{year - 1}年 {eras[1]}）"
    # 现行有效件数 is a column of the 2021 t2 only; the 2019 grid counts 对外公开总数量 instead.
    if rule_id == "cross_year.in_force_roll" and eras != ("gov2021", "gov2021"):
        return f"仅适用于两年均为2021版格式（{year}年 {eras[0]}，{year - 1}年 {eras[1]}）"
    return None


def _carry_over_message(row: Row, cells: dict[str, Row], pair: Row, year: int) -> str:
    cur, prev = cells["carried_in"], cells["prev_carried_out"]
    column = spec.load_spec()["t3"]["cols"].get(row["scope"], row["scope"])
    return (
        f"[{row['scope']}] {year}年 上年结转（{column}）{fmt(cur['value'])}{_at(cur)}，"
        f"但 {year - 1}年报告（{pair['prev_agency']}）结转下年度 {fmt(prev['value'])}{_at(prev)}，"
        f"相差 {fmt(row['lhs'] - row['rhs'])}。请核对两年报告的表三。"
    )


def _in_force_message(row: Row, cells: dict[str, Row], pair: Row, year: int) -> str:
    now, prev = cells["in_force"], cells["prev_in_force"]
    issued, repealed = cells["issued"], cells["repealed"]
    label = spec.t2_blocks("gov2021")[0]["rows"].get(row["scope"], row["scope"])
    return (
        f"[{row['scope']}] {year}年 {label} 现行有效 {fmt(now['value'])} 件{_at(now)}，"
        f"但 {year - 1}年报告（{pair['prev_agency']}）现行有效 {fmt(prev['value'])}{_at(prev)}"
        f" + 本年制发 {fmt(issued['value'])} − 本年废止 {fmt(repealed['value'])} = {fmt(row['rhs'])}"
        f"（相差 {fmt(row['lhs'] - row['rhs'])}）。请核对两年报告的表二。"
    )


def _cell(e: Row, year: int) -> Row:
    """Return one evidence cell as stored in findings.cells: the cell, its year and report."""
    cell = {
        "year": year + int(e["year_offset"]),
        "report_id": e["report_id"],
        "term": e["term"],
        "table": e["table"],
        "row": e["row"],
        "col": e["col"],
        "value": e["value"],
        "raw": e["raw"] or "",
        "line": e["line"],
    }
    if e["value"] is None and e["line"] is None:
        cell["missing"] = "单元格缺失"
    return cell


def _at(cell: Row) -> str:
    return f"（第{cell['line']}行）" if cell["line"] is not None else ""


def _na(message: str) -> Row:
    return {"status": NOT_ASSESSABLE, "scope": "", "message": message}
