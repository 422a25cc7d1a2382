"""pipeline.html_text: HTML to lines, tables to tab rows, spans, nesting and hostile markup."""

import time

from pipeline.html_text import html_to_lines, looks_like_html


def table(*rows: str) -> str:
    return "<table>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


def test_text_blocks_become_lines() -> None:
    assert html_to_lines("<p>第一段</p><div>第二段<br>第三行</div>尾") == ["第一段", "第二段", "第三行", "尾"]


def test_table_row_is_one_tab_separated_line() -> None:
    html = "<p>前</p>" + table("<th>指标</th><th>数量</th>", "<td>行政许可</td><td>13</td>") + "<p>后</p>"

    assert html_to_lines(html) == ["前", "指标\t数量", "行政许可\t13", "后"]


def test_rowspan_keeps_later_cells_in_their_column() -> None:
    html = table(
        "<td>a</td><td rowspan='2'>b</td><td>c</td>",
        "<td>d</td><td>e</td>",
    )

    # Row 2's "e" sits under "c" (column 3), not under the spanned "b".
    assert html_to_lines(html) == ["a\tb\tc", "d\t\te"]


def test_rowspan_in_first_column_shifts_the_next_rows() -> None:
    html = table(
        "<td rowspan=3>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td>",
        "<td>2.其他法律行政法规禁止公开</td><td>1</td>",
        "<td>3.危及“三安全一稳定”</td><td>2</td>",
    )

    assert html_to_lines(html) == [
        "（三）不予公开\t1.属于国家秘密\t0",
        "\t2.其他法律行政法规禁止公开\t1",
        "\t3.危及“三安全一稳定”\t2",
    ]


def test_colspan_pads_the_row() -> None:
    html = table("<td colspan=2>行政复议</td><td>行政诉讼</td>", "<td>1</td><td>2</td><td>3</td>")

    assert html_to_lines(html) == ["行政复议\t\t行政诉讼", "1\t2\t3"]


def test_rowspan_and_colspan_together() -> None:
    html = table(
        "<td rowspan=2 colspan=2>申请人</td><td>自然人</td>",
        "<td>5</td>",
        "<td>x</td><td>y</td><td>z</td>",
    )

    assert html_to_lines(html) == ["申请人\t\t自然人", "\t\t5", "x\ty\tz"]


def test_hostile_span_is_bounded() -> None:
    line = html_to_lines(table("<td colspan='999999999'>a</td>"))[0]

    assert line.count("\t") == 199  # capped at 200 columns


def test_nested_table_is_the_text_of_its_cell() -> None:
    html = table("<td>外<table><tr><td>i1</td><td>i2</td></tr><tr><td>i3</td></tr></table></td><td>B</td>")

    lines = html_to_lines(html)

    assert len(lines) == 1  # the inner rows do not become lines of their own
    cells = lines[0].split("\t")
    assert cells[1] == "B"  # the outer cell after the nested table keeps its column
    assert "i1 i2" in cells[0]
    assert "i3" in cells[0]


def test_nested_table_text_is_not_glued_to_the_cell_text() -> None:
    html = table("<td>3<table><tr><td>5</td></tr></table></td><td>B</td>")

    assert html_to_lines(html)[0].split("\t")[0] != "35"


def test_script_style_and_head_are_skipped() -> None:
    html = (
        "<html><head><title>标题</title><style>td{color:red}</style></head><body>"
        "<script>var s = '<table><tr><td>9</td></tr></table>';</script>"
        "<p>正文</p><noscript>请启用脚本</noscript></body></html>"
    )

    assert html_to_lines(html) == ["正文"]


def test_entities_are_decoded() -> None:
    lines = html_to_lines("<p>甲&nbsp;乙 &amp; 丙 &lt;丁&gt; &#20013;</p>" + table("<td>&nbsp;</td><td>7</td>"))

    assert lines[0] == "甲 乙 & 丙 <丁> 中"
    assert lines[1] == "\t7"  # a cell holding only &nbsp; is an empty cell


def test_external_and_recursive_entities_are_not_expanded() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    html = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY lol0 "lol">'
        + lol
        + '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + "<html><body><p>&lol9;&xxe;</p>"
        + table("<td>行政许可</td><td>13</td>")
        + "</body></html>"
    )
    started = time.perf_counter()

    lines = html_to_lines(html)

    assert time.perf_counter() - started < 1.0
    text = "\n".join(lines)
    assert "lollol" not in text  # no entity was expanded ...
    assert "root:" not in text  # ... and no file was read
    assert "&lol9;&xxe;" in text  # the references stay literal text
    assert "行政许可\t13" in lines
    assert len(text) < len(html)


def test_deeply_nested_markup_does_not_recurse() -> None:
    html = "<div>" * 20000 + "深处" + "</div>" * 20000

    assert html_to_lines(html) == ["深处"]


def test_looks_like_html_needs_several_tags() -> None:
    assert looks_like_html("<html><body><p>x</p></body></html>")
    assert looks_like_html("<TABLE><TR><TD>1</TD></TR></TABLE>")
    assert not looks_like_html("一行文字 <p> 和 <br> 只出现两次")
