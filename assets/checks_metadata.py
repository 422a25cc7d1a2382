"""One adapter from a failing-rows frame to an AssetCheckResult, used by every check.

Every check in nianbao (pandera failure cases, catalogue rule failures, GX failing rows,
warehouse SQL checks) returns failing rows; an empty frame means the check passed.
"""

from collections.abc import Mapping

import dagster as dg
import polars as pl

MAX_TABLE_ROWS = 50
MAX_CELL_CHARS = 160


def frame_to_markdown(frame: pl.DataFrame, max_rows: int = MAX_TABLE_ROWS) -> str:
    """Render a frame as a GitHub markdown table, truncated to `max_rows` rows."""
    if frame.width == 0:
        return "_no columns_"
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * frame.width
    body = ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in frame.head(max_rows).iter_rows()]
    lines = [header, rule, *body]
    if frame.height > max_rows:
        lines.append(f"\n_{frame.height - max_rows} more rows not shown._")
    return "\n".join(lines)


def _md_cell(value: object) -> str:
    # Pipes and newlines would break the table; long messages make it unreadable in the UI.
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def failures_to_check_result(
    failing: pl.DataFrame,
    *,
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
    check_name: str | None = None,
    asset_key: dg.AssetKey | None = None,
    counts: Mapping[str, int | float] | None = None,
    extra: Mapping[str, dg.MetadataValue] | None = None,
    description: str | None = None,
) -> dg.AssetCheckResult:
    """Turn failing rows into a check result: passed when empty, with counts and a markdown table.

    `check_name`/`asset_key` are needed only for checks yielded from inside an asset.
    """
    metadata: dict[str, dg.MetadataValue] = {
        "n_failing_rows": dg.MetadataValue.int(failing.height),
    }
    if "report_id" in failing.columns:
        metadata["n_failing_reports"] = dg.MetadataValue.int(failing["report_id"].n_unique())
    for key, value in (counts or {}).items():
        metadata[key] = dg.MetadataValue.int(value) if isinstance(value, int) else dg.MetadataValue.float(value)
    metadata["failing_rows"] = dg.MetadataValue.md(frame_to_markdown(failing) if failing.height else "No failing rows.")
    metadata.update(extra or {})
    return dg.AssetCheckResult(
        check_name=check_name,
        asset_key=asset_key,
        passed=failing.is_empty(),
        severity=severity,
        metadata=metadata,
        description=description,
    )
