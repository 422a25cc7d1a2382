"""One report in two layouts must give the same cells.

The 上海 2019 report as HTML and as the tab-separated text derived from it, whose spanned
cells were dropped, so the number of label cells varies from row to row.
"""

from pathlib import Path

from pipeline.stages import read_report

REAL = Path(__file__).resolve().parents[2] / "data" / "real"


def values(name: str) -> dict[tuple[str, str, str], int | float | None]:
    report, _ = read_report(REAL / name)
    assert report.status == "parsed", report.reason
    return {(c.table, c.row, c.col): c.value for c in report.cells if c.table in ("t2", "t3", "t4")}


def test_html_and_tab_text_of_one_report_agree_cell_for_cell() -> None:
    html, text = values("004.html"), values("004.txt")

    assert len(html) == 7 * 23 + 15 + 22
    assert text == html
    assert html[("t3", "partially_granted", "natural_person")] == 3
    assert html[("t3", "denied.state_secret", "natural_person")] == 14
