"""quality_report: the year's HTML page, written beside the warehouse and linked from metadata.

It runs after the warehouse load and the year's cross-year rules, so their findings are on it.
"""

from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import ALL_ASSETS
from assets.report_assets import quality_report, report_path
from assets.resources import DEFAULT_REPORTS_DIR, ReportsDirectory, warehouse_resource

pytestmark = pytest.mark.e2e


def _materialize(year: str, database: Path) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        ALL_ASSETS,
        # The report and whatever it reads, so new upstream stages are picked up as they come.
        selection=dg.AssetSelection.assets(quality_report).upstream(),
        partition_key=year,
        resources={
            "reports_dir": ReportsDirectory(path=str(DEFAULT_REPORTS_DIR)),
            "duckdb": warehouse_resource(database),
        },
    )


def test_quality_report_writes_the_page_beside_the_warehouse(tmp_path: Path) -> None:
    database = tmp_path / "nianbao.duckdb"
    first = _materialize("2021", database)
    assert first.success
    page = tmp_path / "reports" / "2021.html"
    assert report_path(database, 2021) == page
    html = page.read_text(encoding="utf-8")
    assert "t4.group_total" in html
    assert "昆都仑区" in html
    [materialization] = [m for m in first.asset_materializations_for_node("quality_report") if m.partition == "2021"]
    metadata = materialization.metadata
    assert metadata["path"] == dg.MetadataValue.path(str(page))
    assert metadata["url"] == dg.MetadataValue.url(page.as_uri())
    assert metadata["n_failing_reports"].value >= 1
    assert metadata["n_reports"].value >= 1

    # With 2021 stored, 2022's run evaluates the cross-year rules before the page is written:
    # 平潭 police's 行政规范性文件 in force do not roll from 2021 (2 + 4 - 1 != 7).
    assert _materialize("2022", database).success
    html_2022 = report_path(database, 2022).read_text(encoding="utf-8")
    assert "<code>cross_year.in_force_roll</code>" in html_2022
    assert "平潭综合实验区公安局" in html_2022
