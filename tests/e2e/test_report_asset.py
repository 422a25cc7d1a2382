"""quality_report: materialised after the warehouse load, it writes the year's HTML page and links it."""

from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import ALL_ASSETS
from assets.report_assets import quality_report, report_path
from assets.resources import DEFAULT_REPORTS_DIR, ReportsDirectory, warehouse_resource

pytestmark = pytest.mark.e2e


def test_quality_report_writes_the_page_beside_the_warehouse(tmp_path: Path) -> None:
    database = tmp_path / "nianbao.duckdb"
    result = dg.materialize(
        ALL_ASSETS,
        # The report and whatever it reads, so new upstream stages are picked up as they come.
        selection=dg.AssetSelection.assets(quality_report).upstream(),
        partition_key="2021",
        resources={
            "reports_dir": ReportsDirectory(path=str(DEFAULT_REPORTS_DIR)),
            "duckdb": warehouse_resource(database),
        },
    )
    assert result.success
    page = tmp_path / "reports" / "2021.html"
    assert report_path(database, 2021) == page
    html = page.read_text(encoding="utf-8")
    assert "t4.group_total" in html
    assert "昆都仑区" in html
    [materialization] = [m for m in result.asset_materializations_for_node("quality_report") if m.partition == "2021"]
    metadata = materialization.metadata
    assert metadata["path"] == dg.MetadataValue.path(str(page))
    assert metadata["url"] == dg.MetadataValue.url(page.as_uri())
    assert metadata["n_failing_reports"].value >= 1
    assert metadata["n_reports"].value >= 1
