"""The statutory tables as printed grids: labels, headers and value cells with their spans.

A grid is a list of rows; a row lists its cells left to right, and a cell covered by a
rowspan from above is simply absent (as in HTML). Value cells carry their (table, row, col)
key so every layout can record where each true value was printed.
"""

from dataclasses import dataclass

from pipeline.synth.values import T3_COLS, T4_COLS, Key, t3_rows

T2_HEADERS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_wan_yuan": "本年收费金额（单位：万元）",
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total_public": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "change": "本年增/减",
    "items": "采购项目数量",
    "amount": "采购总金额",
}
T2_BLOCKS = {
    "gov2021": [
        ("第二十条第（一）项", {"regulations": "规章", "normative_docs": "行政规范性文件"},
         ["issued", "repealed", "in_force"]),
        ("第二十条第（五）项", {"licensing": "行政许可"}, ["decisions"]),
        ("第二十条第（六）项", {"penalty": "行政处罚", "coercion": "行政强制"}, ["decisions"]),
        ("第二十条第（八）项", {"admin_fees": "行政事业性收费"}, ["amount_wan_yuan"]),
    ],
    "gov2019": [
        ("第二十条第（一）项", {"regulations": "规章", "normative_docs": "规范性文件"},
         ["made", "published", "total_public"]),
        ("第二十条第（五）项", {"licensing": "行政许可", "other_services": "其他对外管理服务事项"},
         ["prev_items", "change", "decisions"]),
        ("第二十条第（六）项", {"penalty": "行政处罚", "coercion": "行政强制"}, ["prev_items", "change", "decisions"]),
        ("第二十条第（八）项", {"admin_fees": "行政事业性收费"}, ["prev_items", "change"]),
        ("第二十条第（九）项", {"procurement": "政府集中采购"}, ["items", "amount"]),
    ],
}  # fmt: skip
T3_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied.state_secret": "1.属于国家秘密",
    "denied.prohibited_by_law": "2.其他法律行政法规禁止公开",
    "denied.three_securities": "3.危及“三安全一稳定”",
    "denied.third_party": "4.保护第三方合法权益",
    "denied.internal_affairs": "5.属于三类内部事务信息",
    "denied.process_info": "6.属于四类过程性信息",
    "denied.enforcement_file": "7.属于行政执法案卷",
    "denied.query_matter": "8.属于行政查询事项",
    "unavailable.not_held": "1.本机关不掌握相关政府信息",
    "unavailable.needs_creation": "2.没有现成信息需要另行制作",
    "unavailable.unclear": "3.补正后申请内容仍不明确",
    "not_processed.petition": "1.信访举报投诉类申请",
    "not_processed.repeated": "2.重复申请",
    "not_processed.publication": "3.要求提供公开出版物",
    "not_processed.excessive": "4.无正当理由大量反复申请",
    "not_processed.confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "3.其他",
    "other": "（六）其他处理",
    "total_handled": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
GROUP_LABELS = {"denied": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
                "other": "（六）其他处理"}  # fmt: skip
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORG_HEADERS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
T4_PART_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@dataclass
class GCell:
    """One printed cell; `key` marks a value cell."""

    text: str
    key: Key | None = None
    rowspan: int = 1
    colspan: int = 1


Grid = list[list[GCell]]
Labels = dict[str, str]  # original printed label -> the label as printed (typos applied)


def _v(key: Key) -> GCell:
    return GCell("", key)


def t2_grids(era: str, labels: Labels) -> list[Grid]:
    """Return t2 as one small grid per 第二十条 block (how every real report prints it)."""
    grids = []
    for head, rows, cols in T2_BLOCKS[era]:
        width = 1 + len(cols)
        grid: Grid = [
            [GCell(head, colspan=width)],
            [GCell("信息内容"), *(GCell(labels.get(T2_HEADERS[c], T2_HEADERS[c])) for c in cols)],
        ]
        grid += [[GCell(printed), *(_v(("t2", row, c)) for c in cols)] for row, printed in rows.items()]
        grids.append(grid)
    return grids


def t3_grid(era: str, labels: Labels) -> Grid:
    """Return t3 with the statutory three-level header and the grouped result rows."""
    rows = t3_rows(era)
    grid: Grid = [
        [GCell(T3_NOTE, rowspan=3, colspan=3), GCell("申请人情况", colspan=7)],
        [GCell("自然人", rowspan=2), GCell("法人或其他组织", colspan=5), GCell("总计", rowspan=2)],
        [GCell(h) for h in ORG_HEADERS],
    ]
    results = rows[2:-2]
    seen_groups: set[str] = set()
    for row in rows:
        label = GCell(labels.get(T3_LABELS[row], T3_LABELS[row]))
        values = [_v(("t3", row, c)) for c in T3_COLS]
        group = row.split(".")[0] if "." in row else None
        lead: list[GCell] = []
        if row == results[0]:
            lead.append(GCell("三、本年度办理结果", rowspan=len(results) + 1))
        if group and group not in seen_groups:
            seen_groups.add(group)
            size = sum(1 for r in results if r.startswith(group + "."))
            lead.append(GCell(GROUP_LABELS[group], rowspan=size))
        if row in ("new_received", "carried_in", "carried_out"):
            label.colspan = 3
        elif not group:
            label.colspan = 2
        grid.append([*lead, label, *values])
    return grid


def t4_grid() -> Grid:
    """Return t4: the two-level group header, the part labels and the one row of 15 values."""
    return [
        [GCell("行政复议", colspan=5), GCell("行政诉讼", colspan=10)],
        [
            *(GCell(p, rowspan=2) for p in T4_PART_LABELS),
            GCell("未经复议直接起诉", colspan=5),
            GCell("复议后起诉", colspan=5),
        ],
        [GCell(p) for p in T4_PART_LABELS * 2],
        [_v(("t4", "cases", c)) for c in T4_COLS],
    ]


def legacy_grid(rows: list[tuple[str, str, str, str, bool]], year: int, cumulative: bool) -> Grid:
    """Return a statistics table from (label, unit, value, cumulative value, is a statistic) rows.

    Statistic cells are keyed ('legacy', label, 'value'|'cumulative'); a 是/否 answer is unkeyed.
    """
    head = [GCell("序号"), GCell("统计指标"), GCell("单位"), GCell("统计数")]
    if cumulative:
        head = [GCell("指标名称"), GCell("计量单位"), GCell(f"{year}年度"), GCell("历年累计")]
    grid: Grid = [head]
    for i, (label, unit, printed, total, stat) in enumerate(rows, start=1):
        value = GCell(printed, ("legacy", label, "value") if stat else None)
        if cumulative:
            grid.append(
                [GCell(label), GCell(unit), value, GCell(total, ("legacy", label, "cumulative") if stat else None)]
            )
        else:
            grid.append([GCell(str(i)), GCell(label), GCell(unit), value])
    return grid
