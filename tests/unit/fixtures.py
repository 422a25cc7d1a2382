"""Short synthetic report text for the unit tests: t2, t3, t4 and whole gov2021 reports.

Everything is built from the spec's own labels, so a test states only the values it cares
about; every default table is arithmetically consistent (all identities hold).
"""

from collections.abc import Mapping, Sequence

from pipeline import spec
from pipeline.decode import normalise_line
from pipeline.tokens import Tok, tokenize_line

Num = int | float | str | None
Row = Sequence[Num]

T3_HEADER = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T3_LABELS: dict[str, str] = dict(spec.load_spec()["t3"]["rows"])
# Group labels printed (without numbers) before the first row of their group.
T3_GROUPS = {
    "granted": "三、本年度办理结果",
    "denied.state_secret": "（三）不予公开",
    "unavailable.not_held": "（四）无法提供",
    "not_processed.petition": "（五）不予处理",
    "other.no_correction": "（六）其他处理",
}
# A consistent gov2021 t3: 6 new + 1 carried in = 6 handled + 1 carried out; 4+1+1 = 6 handled.
T3_DEFAULT: dict[str, list[Num]] = {
    "new_received": [5, 1, 0, 0, 0, 0, 6],
    "carried_in": [1, 0, 0, 0, 0, 0, 1],
    "granted": [3, 1, 0, 0, 0, 0, 4],
    "partially_granted": [1, 0, 0, 0, 0, 0, 1],
    "unavailable.not_held": [1, 0, 0, 0, 0, 0, 1],
    "total_handled": [5, 1, 0, 0, 0, 0, 6],
    "carried_out": [1, 0, 0, 0, 0, 0, 1],
}
# review: 1 upheld + 1 corrected = 2; suits direct: 1 pending = 1; after review: none.
T4_DEFAULT: list[Num] = [1, 1, 0, 0, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
T2_DEFAULT: dict[str, list[Num]] = {
    "regulations": [0, 0, 0],
    "normative_docs": [1, 0, 5],
    "licensing": [13],
    "penalty": [5],
    "coercion": [2],
    "admin_fees": [1.5],
}
# A pre-2019 report with a statistics table: every 其中 row and every sum holds.
LEGACY = """2017年某县政府信息公开工作年度报告
政府信息公开情况统计表
统计指标\t单位\t统计数
一、主动公开情况\t—\t—
（一）主动公开政府信息数\t条\t120
其中：主动公开规范性文件数\t条\t10
二、依申请公开情况\t—\t—
（一）收到申请数\t件\t9
1.当面申请数\t件\t4
2.网络申请数\t件\t5
（二）申请办结数\t件\t9
三、行政复议数量\t件\t0
四、依申请公开信息收取的费用\t万元\t0.25
是否建立工作制度\t—\t是"""
PROSE = "本年度共受理政府信息公开申请6件，上年结转1件，结转下年度1件。"


def t3_values(era: str = "gov2021", single_other: bool = False, **rows: Row) -> dict[str, list[Num]]:
    """Return every t3 row of the era (zeros unless in T3_DEFAULT), with `rows` replaced.

    Row codes with a dot are passed with "__" (denied__third_party=[...]).
    """
    out = {r: list(T3_DEFAULT.get(r, [0] * 7)) for r in spec.t3_rows(era, single_other)}
    for key, values in rows.items():
        code = key.replace("__", ".")
        assert code in out, f"{code} is not a {era} t3 row"
        out[code] = list(values)
    return out


def _cell(v: Num, blank: str) -> str:
    return blank if v is None else str(v)


def render_t3(values: Mapping[str, Row], layout: str = "tab", blank: str = "") -> str:
    """Render t3 rows (in the mapping's order) as tab, pipe, one-cell-per-line or flattened text."""
    lines: list[str] = []
    if layout == "tab":
        lines.append("\t" + "\t".join(T3_HEADER))
    elif layout == "pipe":
        lines.append("| 申请人情况 | " + " | ".join(T3_HEADER) + " |")
    elif layout == "one":
        lines.extend(T3_HEADER)
    flat = "".join(T3_HEADER)
    for row, vals in values.items():
        group = T3_GROUPS.get(row)
        cells = [_cell(v, blank) for v in vals]
        label = T3_LABELS[row]
        if layout == "tab":
            lines.extend([group] if group else [])
            lines.append(label + "\t" + "\t".join(cells))
        elif layout == "pipe":
            lines.extend([f"| {group} | |"] if group else [])
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        elif layout == "one":
            lines.extend([f"\t{group}"] if group else [])
            lines.extend([f"\t{label}", *(f"\t{c}" for c in cells)])
        elif layout == "flat":
            flat += (group or "") + label + "".join(cells)
        else:
            raise ValueError(layout)
    return flat if layout == "flat" else "\n".join(lines)


def render_t4(values: Row = T4_DEFAULT, blank: str = "") -> str:
    """Render t4 with its three-level header and its one data row, tab-separated."""
    return "\n".join(
        [
            "行政复议\t\t\t\t\t行政诉讼",
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
            "\t".join(_cell(v, blank) for v in values),
        ]
    )


def render_t2(values: Mapping[str, Row] | None = None, fee_header: str = "本年收费金额（单位：万元）") -> str:
    """Render the gov2021 t2 blocks (tab layout) with `values` replacing T2_DEFAULT rows."""
    v = {**T2_DEFAULT, **(values or {})}

    def row(label: str, code: str) -> str:
        return label + "\t" + "\t".join(_cell(x, "") for x in v[code])

    return "\n".join(
        [
            "第二十条第（一）项",
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
            row("规章", "regulations"),
            row("行政规范性文件", "normative_docs"),
            "第二十条第（五）项",
            "信息内容\t本年处理决定数量",
            row("行政许可", "licensing"),
            "第二十条第（六）项",
            "信息内容\t本年处理决定数量",
            row("行政处罚", "penalty"),
            row("行政强制", "coercion"),
            "第二十条第（八）项",
            f"信息内容\t{fee_header}",
            row("行政事业性收费", "admin_fees"),
        ]
    )


def render_report(
    *,
    agency: str = "某市",
    year: int = 2022,
    prose: str = PROSE,
    t2: Mapping[str, Row] | None = None,
    t3: Mapping[str, Row] | None = None,
    t4: Row = T4_DEFAULT,
    fee_header: str = "本年收费金额（单位：万元）",
    drop_rows: Sequence[str] = (),
    drop_sections: Sequence[str] = (),
) -> str:
    """Render a complete gov2021 report in tab layout; every identity holds by default."""
    t3_rows = {r: v for r, v in (t3 if t3 is not None else t3_values()).items() if r not in drop_rows}
    sections = {
        "overview": ["一、总体情况", prose],
        "proactive": ["二、主动公开政府信息情况", render_t2(t2, fee_header)],
        "requests": ["三、收到和处理政府信息公开申请情况", render_t3(t3_rows)],
        "review_litigation": ["四、政府信息公开行政复议、行政诉讼情况", render_t4(t4)],
        "problems": ["五、存在的主要问题及改进情况", "信息公开的及时性有待提高。"],
        "other_matters": ["六、其他需要报告的事项", "无。"],
    }
    lines = [f"{agency}{year}年政府信息公开工作年度报告"]
    for code, body in sections.items():
        lines.extend(body[1:] if code in drop_sections else body)
    return "\n".join(lines) + "\n"


def tokens(text: str) -> list[Tok]:
    """Tokenise every line of `text` as the parser does (NFKC first; lines are 1-based)."""
    out: list[Tok] = []
    for no, raw in enumerate(text.split("\n"), start=1):
        out.extend(tokenize_line(normalise_line(raw), raw, no))
    return out


def line_of(text: str, needle: str) -> int:
    """Return the 1-based number of the first line of `text` containing `needle`."""
    return next(i for i, ln in enumerate(text.split("\n"), start=1) if needle in ln)
